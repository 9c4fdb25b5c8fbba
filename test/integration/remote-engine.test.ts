// The page's HTTP client (src/remote-engine) against a real `berth daemon` child process, called as
// a browser page calls it: with an allowed Origin and the bearer token. Plain calls, JSON and
// output streams, attach and exec over WebSockets (stdin, its end, TTY), Docker's errors, and a
// daemon that is not there.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as NodeWebSocket, type ClientOptions } from "ws";
import type { EngineApi } from "../../src/api/engine-api.ts";
import type { EventMessage } from "../../src/api/types.ts";
import { isEngineError } from "../../src/api/errors.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { connectRemoteEngine, type RemoteEngineOptions } from "../../src/remote-engine/remote-engine.ts";
import type { WebSocketConstructor } from "../../src/remote-engine/stdio-socket-client.ts";
import { startDaemonForPage, type PageDaemon } from "./page-daemon.ts";
import { guestImageAvailable } from "./guest-fixture.ts";
import { CollectedOutput, runToExit } from "./node-engine.ts";

const origin = "http://127.0.0.1:5173";
const text = (data: Uint8Array) => new TextDecoder().decode(data);

/** Node's fetch and the ws package, sending the page's Origin as a browser would. */
function asPage(): RemoteEngineOptions {
  class PageWebSocket extends NodeWebSocket {
    constructor(url: string, protocols?: string | string[], options?: ClientOptions) {
      super(url, protocols, { ...options, origin });
    }
  }
  return {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: origin } }),
    WebSocket: PageWebSocket as unknown as WebSocketConstructor,
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe.skipIf(!guestImageAvailable)("the page's HTTP client against berth daemon", () => {
  let home: string;
  let daemon: PageDaemon;
  let engine: EngineApi;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "berth-remote-"));
    daemon = await startDaemonForPage(home, origin);
    engine = connectRemoteEngine(daemon.url, daemon.token, asPage());
  }, 120_000);

  afterAll(async () => {
    await daemon?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("pings and reads the version", async () => {
    expect(await engine.systemPing({})).toBe("OK");
    expect((await engine.systemVersion({})).ApiVersion).toBe("1.50");
  });

  it("runs a container: attach over a WebSocket, wait, start, exit code, and its logs demultiplexed", async () => {
    const run = await runToExit(engine, { Image: "busybox", Cmd: ["sh", "-c", "echo out; echo err >&2; exit 3"] }, "remote-run");
    expect(run.exitCode).toBe(3);
    // /attach/ws is raw, as Docker's: stdout and stderr arrive as one stream.
    expect(run.stdout).toContain("out\n");
    expect(run.stdout).toContain("err\n");
    const logs = new CollectedOutput();
    await (await engine.containerLogs({ id: "remote-run", stdout: true, stderr: true }, logs)).done();
    expect(logs.text(1)).toBe("out\n");
    expect(logs.text(2)).toBe("err\n");
    await engine.containerDelete({ id: "remote-run" });
  });

  it("runs an auto-removed container to its exit (the wait is in place before the start)", async () => {
    const run = await runToExit(engine, { Image: "busybox", Cmd: ["echo", "hi"], HostConfig: { AutoRemove: true } });
    expect(run).toMatchObject({ exitCode: 0, stdout: "hi\n" });
  });

  describe("exec over a WebSocket", () => {
    beforeAll(async () => {
      const { Id } = await engine.containerCreate({ name: "remote-exec", body: { Image: "busybox", Cmd: ["sleep", "1000"] } });
      await engine.containerStart({ id: Id });
    });
    afterAll(() => engine.containerDelete({ id: "remote-exec", force: true }));

    it("sends stdin and ends it with an empty message", async () => {
      const { Id } = await engine.containerExec({ id: "remote-exec", body: { Cmd: ["sh", "-c", "cat; echo done"], AttachStdin: true, AttachStdout: true, AttachStderr: true } });
      const output = new CollectedOutput();
      const connection = await engine.execStart({ id: Id, body: {} }, output);
      await connection.write(new TextEncoder().encode("hello over a socket\n"));
      await connection.closeWrite();
      await connection.done();
      expect(output.text()).toBe("hello over a socket\ndone\n");
      expect((await engine.execInspect({ id: Id })).ExitCode).toBe(0);
    });

    it("takes Tty from the query and reports the exit code", async () => {
      const { Id } = await engine.containerExec({ id: "remote-exec", body: { Cmd: ["sh", "-c", "test -t 1 && echo tty; exit 4"], AttachStdout: true } });
      const output = new CollectedOutput();
      await (await engine.execStart({ id: Id, body: { Tty: true } }, output)).done();
      expect(output.text()).toBe("tty\r\n");
      expect((await engine.execInspect({ id: Id })).ExitCode).toBe(4);
    });

    it("rejects the start of a command that is not there with the engine's error", async () => {
      const { Id } = await engine.containerExec({ id: "remote-exec", body: { Cmd: ["no-such-command"], AttachStdout: true } });
      const error = await rejection(engine.execStart({ id: Id, body: {} }, new CollectedOutput()));
      expect(isEngineError(error) && error.code).toBe("system");
      expect(error.message).toMatch(/^OCI runtime exec failed: .*no-such-command/);
    });

    it("streams a stats sample", async () => {
      const samples: unknown[] = [];
      await (await engine.containerStats({ id: "remote-exec", stream: false }, { report: (sample) => samples.push(sample) })).done();
      expect(samples).toEqual([expect.objectContaining({ memory_stats: expect.any(Object) })]);
    });

    it("hangs up: closing the connection ends the stream", async () => {
      const { Id } = await engine.containerExec({ id: "remote-exec", body: { Cmd: ["sleep", "1000"], AttachStdout: true } });
      const connection = await engine.execStart({ id: Id, body: {} }, new CollectedOutput());
      await connection.close();
      await connection.done();
    });
  });

  it("streams JSON messages: events replayed since a time, until a time", async () => {
    const since = String(Math.floor(Date.now() / 1000) - 1);
    await runToExit(engine, { Image: "busybox", Cmd: ["true"] }, "remote-events");
    const events: EventMessage[] = [];
    const until = String(Math.floor(Date.now() / 1000) + 1);
    await (await engine.systemEvents({ since, until, filters: { container: ["remote-events"] } }, { report: (event) => events.push(event) })).done();
    expect(events.map((event) => event.Action)).toEqual(expect.arrayContaining(["create", "start", "die"]));
    await engine.containerDelete({ id: "remote-events" });
  });

  it("copies files in and out with the path stat in Docker's header", async () => {
    const { Id } = await engine.containerCreate({ name: "remote-cp", body: { Image: "busybox", Cmd: ["true"] } });
    await engine.putContainerArchive({ id: Id, path: "/tmp", body: writeTar([{ path: "note.txt", type: "file", data: new TextEncoder().encode("noted\n") }]) });
    expect(await engine.containerArchiveInfo({ id: Id, path: "/tmp/note.txt" })).toMatchObject({ name: "note.txt", size: 6 });
    const { stat, archive } = await engine.containerArchive({ id: Id, path: "/tmp/note.txt" });
    expect(stat.name).toBe("note.txt");
    expect([...readTar(archive)].map((entry) => [entry.path, entry.data && text(entry.data)])).toEqual([["note.txt", "noted\n"]]);
    await engine.containerDelete({ id: Id });
  });

  it("serves Docker's /attach/ws to a client that offers no subprotocol: output only, then a normal close", async () => {
    const { Id } = await engine.containerCreate({ body: { Image: "busybox", Cmd: ["sh", "-c", "read line; echo got $line"], OpenStdin: true, StdinOnce: true } });
    const url = `${daemon.url.replace(/^http/, "ws")}/containers/${Id}/attach/ws?stream=1&stdin=1&stdout=1&token=${daemon.token}`;
    const socket = new NodeWebSocket(url, { origin });
    const messages: [boolean, string][] = [];
    socket.on("message", (data: Buffer, isBinary: boolean) => messages.push([isBinary, data.toString()]));
    const closed = new Promise<number>((resolve) => socket.on("close", resolve));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(Buffer.from("x\n"));
    await engine.containerStart({ id: Id });
    expect(await closed).toBe(1000);
    expect(messages).toEqual([[true, "got x\n"]]);
    await engine.containerDelete({ id: Id });
    // The daemon's debug log names the socket, but not the token a page sent in its query.
    expect(daemon.output()).toMatch(new RegExp(`GET /containers/${Id}/attach/ws\\?stream=1&stdin=1&stdout=1 websocket 1000`));
    expect(daemon.output()).not.toContain(`token=${daemon.token}`);
  });

  it("maps Docker's errors back to engine errors with their codes", async () => {
    const missing = await rejection(engine.containerInspect({ id: "no-such-container" }));
    expect(isEngineError(missing) && [missing.code, missing.message]).toEqual(["not-found", "No such container: no-such-container"]);
    const attach = await rejection(engine.containerAttach({ id: "no-such-container", stream: true, stdout: true }, new CollectedOutput()));
    expect(isEngineError(attach) && [attach.code, attach.message]).toEqual(["not-found", "No such container: no-such-container"]);
    const logs = await rejection(engine.containerLogs({ id: "no-such-container", stdout: true }, new CollectedOutput()));
    expect(isEngineError(logs) && logs.code).toBe("not-found");
    const filters = await rejection(engine.containerList({ filters: { bogus: ["x"] } }));
    expect(isEngineError(filters) && filters.code).toBe("invalid");
  });

  it("is refused without the token, and says so", async () => {
    const stranger = connectRemoteEngine(daemon.url, "wrong-token", asPage());
    const error = await rejection(stranger.containerList({}));
    expect(isEngineError(error) && error.code).toBe("unauthorized");
    const socket = await rejection(stranger.containerAttach({ id: "x", stream: true }, new CollectedOutput()));
    expect(isEngineError(socket) && socket.code).toBe("unauthorized");
  });

  it("says Docker's words when no daemon listens", async () => {
    const nowhere = connectRemoteEngine("tcp://127.0.0.1:1", undefined, asPage());
    const error = await rejection(nowhere.containerList({}));
    expect(error.message).toBe("Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?");
    expect(isEngineError(error)).toBe(false);
  });
});
