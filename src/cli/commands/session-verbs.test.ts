// exec, start, attach, create and cp against fake engines: what they ask the engine, what they
// print and the exit codes they return.

import { describe, expect, it } from "vitest";
import type { EngineApi, OutputSink } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { ContainerInspectResponse } from "../../api/container-types.ts";
import { readTar } from "../../tar/tar-reader.ts";
import { writeTar } from "../../tar/tar-writer.ts";
import { runLine } from "../testing/fake-command-context.ts";
import { endedStream } from "../testing/fake-stream.ts";

const text = (value: string) => new TextEncoder().encode(value);

function inspected(state: Partial<ContainerInspectResponse["State"]>, config: ContainerInspectResponse["Config"] = {}): ContainerInspectResponse {
  return { Id: "c".repeat(64), State: { Status: "running", Running: true, Paused: false, ...state }, Config: config } as ContainerInspectResponse;
}

describe("docker exec", () => {
  it("creates an exec instance with the flags, streams its output and returns its exit code", async () => {
    const requests: unknown[] = [];
    const engine: Partial<EngineApi> = {
      containerExec: async (request) => (requests.push(request), { Id: "e1" }),
      execStart: async (request, sink: OutputSink) => {
        requests.push(request);
        sink.write(1, text("out\n"));
        sink.write(2, text("err\n"));
        return endedStream();
      },
      execInspect: async () => ({ ExitCode: 3 }) as Awaited<ReturnType<EngineApi["execInspect"]>>,
    };
    const result = await runLine("docker exec -e A=1 -w /tmp -u nobody web sh -c 'exit 3'", engine);
    expect(result).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
    expect(requests[0]).toEqual({
      id: "web",
      body: { AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false, Cmd: ["sh", "-c", "exit 3"], Env: ["A=1"], WorkingDir: "/tmp", User: "nobody" },
    });
    expect(requests[1]).toEqual({ id: "e1", body: { Detach: false, Tty: false } });
  });

  it("reports a container that is not running as the daemon's error, and a missing command as 127", async () => {
    const notRunning = await runLine("docker exec web true", { containerExec: async () => Promise.reject(new EngineError("conflict", "container abc is not running")) });
    expect(notRunning).toEqual({ code: 1, stdout: "", stderr: "Error response from daemon: container abc is not running\n" });
    const missing = await runLine("docker exec web nope", {
      containerExec: async () => ({ Id: "e2" }),
      execStart: async () => Promise.reject(new EngineError("system", 'OCI runtime exec failed: exec failed: exec: "nope": executable file not found in $PATH: unknown')),
    });
    expect(missing.code).toBe(127);
    expect(missing.stderr).toBe('OCI runtime exec failed: exec failed: exec: "nope": executable file not found in $PATH: unknown\n');
  });

  it("returns at once with -d", async () => {
    let started: unknown;
    const result = await runLine("docker exec -d web sleep 5", {
      containerExec: async () => ({ Id: "e3" }),
      execStart: async (request) => ((started = request), endedStream()),
    });
    expect(result.code).toBe(0);
    expect(started).toEqual({ id: "e3", body: { Detach: true, Tty: false } });
  });
});

describe("docker start", () => {
  it("starts each container, echoing its name, and reports the ones that failed", async () => {
    const result = await runLine("docker start a b", {
      containerStart: async ({ id }) => {
        if (id === "b") throw new EngineError("not-found", "No such container: b");
      },
    });
    expect(result).toEqual({ code: 1, stdout: "a\n", stderr: "Error response from daemon: No such container: b\nError: failed to start containers: b\n" });
  });

  it("with -a attaches before starting and returns the container's exit code", async () => {
    const calls: string[] = [];
    const result = await runLine("docker start -a job", {
      containerInspect: async () => inspected({ Running: false, Status: "exited" }),
      containerAttach: async (_request, sink) => {
        calls.push("attach");
        sink.write(1, text("hello\n"));
        return endedStream();
      },
      containerWait: async () => (calls.push("wait"), { StatusCode: 4 }),
      containerStart: async () => void calls.push("start"),
    });
    expect(result).toEqual({ code: 4, stdout: "hello\n", stderr: "" });
    expect(calls).toEqual(["attach", "wait", "start"]);
  });
});

describe("docker attach", () => {
  it("refuses a stopped container as Docker does", async () => {
    expect(await runLine("docker attach web", { containerInspect: async () => inspected({ Running: false, Status: "exited" }) })).toEqual({
      code: 1,
      stdout: "",
      stderr: "You cannot attach to a stopped container, start it first\n",
    });
  });

  it("detaches on Ctrl-P Ctrl-Q and leaves the container running", async () => {
    let closed = false;
    const result = await runLine(
      "docker attach web",
      {
        containerInspect: async () => inspected({}, { Tty: true, OpenStdin: true }),
        containerWait: () => new Promise(() => undefined),
        containerAttach: async () => ({ ...endedStream(), done: () => new Promise(() => undefined), close: async () => void (closed = true) }),
        containerResize: async () => undefined,
      },
      { input: "ls\x10\x11" },
    );
    expect(result.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(closed).toBe(true);
  });
});

describe("docker create", () => {
  it("creates without starting and prints the ID", async () => {
    let body: unknown;
    const result = await runLine("docker create --name job --restart always busybox true", {
      containerCreate: async (request) => ((body = request), { Id: "f".repeat(64), Warnings: [] }),
    });
    expect(result).toEqual({ code: 0, stdout: `${"f".repeat(64)}\n`, stderr: "" });
    expect(body).toMatchObject({ name: "job", body: { Image: "busybox", Cmd: ["true"], HostConfig: { RestartPolicy: { Name: "always" } } } });
  });
});

describe("docker cp", () => {
  it("saves a file copied out of a container under its own name", async () => {
    const saved: [string, string][] = [];
    const result = await runLine("docker cp web:/etc/hostname .", {
      containerArchive: async () => ({
        stat: { name: "hostname", size: 13, mode: 0o644, mtime: "", linkTarget: "" },
        archive: writeTar([{ path: "hostname", type: "file", data: text("0123456789ab\n") }]),
      }),
    }, {}, { save: (name, data) => saved.push([name, new TextDecoder().decode(data)]), choose: async () => undefined });
    expect(result).toEqual({ code: 0, stdout: "", stderr: "Successfully copied 13B to .\n" });
    expect(saved).toEqual([["hostname", "0123456789ab\n"]]);
  });

  it("saves a directory as a tar", async () => {
    const saved: string[] = [];
    const archive = writeTar([{ path: "etc/", type: "dir" }, { path: "etc/a", type: "file", data: text("a") }]);
    await runLine("docker cp web:/etc backup", {
      containerArchive: async () => ({ stat: { name: "etc", size: 4096, mode: 2 ** 31 + 0o755, mtime: "", linkTarget: "" }, archive }),
    }, {}, { save: (name) => saved.push(name), choose: async () => undefined });
    expect(saved).toEqual(["backup.tar"]);
  });

  it("packs the files the user chooses into a tar for the container's directory", async () => {
    let put: { path?: string; body: Uint8Array } | undefined;
    const result = await runLine("docker cp - web:/tmp", {
      containerArchiveInfo: async () => ({ name: "tmp", size: 0, mode: 2 ** 31 + 0o1777, mtime: "", linkTarget: "" }),
      putContainerArchive: async (request) => void (put = request),
    }, {}, { save: () => undefined, choose: async () => [{ name: "notes.txt", data: text("hi\n"), lastModified: 1_700_000_000_000 }] });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Successfully copied 3B to web:/tmp");
    expect(put?.path).toBe("/tmp");
    const [entry] = readTar(put!.body);
    expect([entry.path, new TextDecoder().decode(entry.data), entry.mtime]).toEqual(["notes.txt", "hi\n", 1_700_000_000]);
  });

  it("refuses copies between two containers or two host paths", async () => {
    expect(await runLine("docker cp a:/x b:/y")).toMatchObject({ code: 1, stderr: "copying between containers is not supported\n" });
    expect(await runLine("docker cp ./x ./y")).toMatchObject({ code: 1, stderr: "must specify at least one container source\n" });
  });
});
