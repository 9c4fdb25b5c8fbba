import { describe, expect, it } from "vitest";
import type { JsonMessage } from "../api/types.ts";
import { isEngineError } from "../api/errors.ts";
import { connectRemoteEngine } from "./remote-engine.ts";
import type { Fetch } from "./daemon-transport.ts";

interface Sent {
  url: string;
  init: RequestInit;
}

/** A fetch that records each request and answers with `respond`. */
function fakeFetch(respond: (sent: Sent) => Response | Promise<Response>): { fetch: Fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (url, init) => {
      sent.push({ url, init });
      return respond({ url, init });
    },
  };
}

/** A body that arrives in the given chunks. */
function chunked(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("connectRemoteEngine", () => {
  it("sends the method, versioned URL, bearer token and JSON body the table declares", async () => {
    const { fetch, sent } = fakeFetch(() => Response.json({ Id: "abc", Warnings: [] }, { status: 201 }));
    const engine = connectRemoteEngine("tcp://127.0.0.1:2380", "secret", { fetch });
    expect(await engine.containerCreate({ name: "web", body: { Image: "busybox" } })).toEqual({ Id: "abc", Warnings: [] });
    expect(sent[0]!.url).toBe("http://127.0.0.1:2380/v1.50/containers/create?name=web");
    expect(sent[0]!.init).toMatchObject({ method: "POST", body: '{"Image":"busybox"}', headers: { Authorization: "Bearer secret", "Content-Type": "application/json" } });
  });

  it("sends header parameters in the headers the table names", async () => {
    const { fetch, sent } = fakeFetch(() => new Response(""));
    const engine = connectRemoteEngine("http://daemon", undefined, { fetch });
    await (await engine.imageCreate({ fromImage: "busybox", registryAuth: "e30=" }, { report: () => undefined })).done();
    expect(sent[0]!.url).toBe("http://daemon/v1.50/images/create?fromImage=busybox");
    expect(sent[0]!.init.headers).toEqual({ "X-Registry-Auth": "e30=" });
  });

  it("maps an error answer to an engine error with the status's code and Docker's message", async () => {
    const { fetch } = fakeFetch(({ init }) =>
      init.method === "HEAD" ? new Response(null, { status: 404, statusText: "Not Found" }) : Response.json({ message: "No such container: x" }, { status: 404 }),
    );
    const engine = connectRemoteEngine("http://daemon", undefined, { fetch });
    const inspect = await rejection(engine.containerInspect({ id: "x" }));
    expect(isEngineError(inspect) && [inspect.code, inspect.message]).toEqual(["not-found", "No such container: x"]);
    const stat = await rejection(engine.containerArchiveInfo({ id: "x", path: "/nope" }));
    expect(isEngineError(stat) && [stat.code, stat.message]).toEqual(["not-found", "404 Not Found"]);
  });

  it("says Docker's words, with the host as given, when the daemon cannot be reached", async () => {
    const engine = connectRemoteEngine("tcp://127.0.0.1:2380", undefined, { fetch: () => Promise.reject(new TypeError("fetch failed")) });
    const error = await rejection(engine.containerList({}));
    expect(isEngineError(error)).toBe(false);
    expect(error.message).toBe("Cannot connect to the Docker daemon at tcp://127.0.0.1:2380. Is the docker daemon running?");
  });

  it("reads the ping's text and the path stat from Docker's header", async () => {
    const stat = { name: "note.txt", size: 6, mode: 420, mtime: "2024-01-01T00:00:00Z", linkTarget: "" };
    const header = btoa(JSON.stringify(stat));
    const { fetch } = fakeFetch(({ url }) =>
      url.endsWith("/_ping") ? new Response("OK") : new Response(new Uint8Array([1, 2]), { headers: { "X-Docker-Container-Path-Stat": header } }),
    );
    const engine = connectRemoteEngine("http://daemon", undefined, { fetch });
    expect(await engine.systemPing({})).toBe("OK");
    expect(await engine.containerArchive({ id: "x", path: "/tmp/note.txt" })).toEqual({ stat, archive: new Uint8Array([1, 2]) });
  });

  it("sends each call once the one before has its headers, so a start cannot outrun a wait", async () => {
    let answerWait!: (response: Response) => void;
    const { fetch, sent } = fakeFetch(({ url }) =>
      url.includes("/wait") ? new Promise<Response>((resolve) => (answerWait = resolve)) : new Response(null, { status: 204 }),
    );
    const engine = connectRemoteEngine("http://daemon", undefined, { fetch });
    const exit = engine.containerWait({ id: "x", condition: "next-exit" });
    const start = engine.containerStart({ id: "x" });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent.map(({ url }) => url)).toEqual(["http://daemon/v1.50/containers/x/wait?condition=next-exit"]);
    answerWait(Response.json({ StatusCode: 0 }));
    await start;
    expect(await exit).toEqual({ StatusCode: 0 });
    expect(sent).toHaveLength(2);
  });

  it("says so when the daemon's answer breaks off", async () => {
    const broken = () => new ReadableStream({ start: (controller) => controller.error(new TypeError("network error")) });
    const { fetch } = fakeFetch(() => new Response(broken(), { headers: { "Content-Type": "application/json" } }));
    const engine = connectRemoteEngine("tcp://127.0.0.1:2380", undefined, { fetch });
    const wait = await rejection(engine.containerWait({ id: "x" }));
    expect(wait.message).toBe("the connection to the Docker daemon at tcp://127.0.0.1:2380 was lost: network error");
    const logs = await engine.containerLogs({ id: "x", follow: true }, { write: () => undefined });
    expect((await rejection(logs.done())).message).toBe("the connection to the Docker daemon at tcp://127.0.0.1:2380 was lost: network error");
  });

  it("reports a JSON stream's lines however they are cut, and fails on a last errorDetail line", async () => {
    const { fetch } = fakeFetch(
      () => new Response(chunked(['{"status":"Pulling fs layer","id":"a"}\n{"sta', 'tus":"Done"}\n', '{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}\n'])),
    );
    const engine = connectRemoteEngine("http://daemon", undefined, { fetch });
    const messages: JsonMessage[] = [];
    const connection = await engine.imageCreate({ fromImage: "busybox" }, { report: (message) => messages.push(message) });
    const error = await rejection(connection.done());
    expect(messages).toEqual([{ status: "Pulling fs layer", id: "a" }, { status: "Done" }]);
    expect(isEngineError(error) && error.message).toBe("unexpected EOF");
  });

  it("demultiplexes output, or passes a TTY's raw stream as stdout", async () => {
    const frames = new Uint8Array([2, 0, 0, 0, 0, 0, 0, 3, 101, 114, 114]);
    for (const [contentType, body, expected] of [
      ["application/vnd.docker.multiplexed-stream", frames, [[2, "err"]]],
      ["application/vnd.docker.raw-stream", new TextEncoder().encode("raw\r\n"), [[1, "raw\r\n"]]],
    ] as const) {
      const { fetch } = fakeFetch(() => new Response(chunked([body.subarray(0, 5), body.subarray(5)]), { headers: { "Content-Type": contentType } }));
      const written: [number, string][] = [];
      const engine = connectRemoteEngine("http://daemon", undefined, { fetch });
      await (await engine.containerLogs({ id: "x", stdout: true }, { write: (stream, data) => written.push([stream, new TextDecoder().decode(data)]) })).done();
      expect(written).toEqual(expected);
    }
  });

  it("aborts the request when the client closes a stream", async () => {
    let signal: AbortSignal | undefined;
    const { fetch } = fakeFetch(({ init }) => {
      signal = init.signal ?? undefined;
      return new Response(new ReadableStream({ start: (controller) => signal!.addEventListener("abort", () => controller.error(signal!.reason)) }));
    });
    const engine = connectRemoteEngine("http://daemon", undefined, { fetch });
    const connection = await engine.containerLogs({ id: "x", follow: true }, { write: () => undefined });
    await connection.close();
    await connection.done();
    expect(signal?.aborted).toBe(true);
  });
});
