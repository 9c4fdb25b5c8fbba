import { describe, expect, it } from "vitest";
import { FrameClient } from "./frame-client.ts";
import { serveEmbedFrame, type FrameEngine } from "./frame-host.ts";
import { maxCommandLength, parseEvent, parseRequest, protocolTag, tagged } from "./protocol.ts";

const pageOrigin = "https://docs.example.test";
const frameOrigin = "https://berth.example.test";

type Listener = (event: MessageEvent) => void;

/** A page window and the engine frame inside it, passing messages as a browser does (later, cloned). */
function pageWithFrame() {
  const pageListeners: Listener[] = [];
  const frameListeners: Listener[] = [];
  const answeredTo: string[] = [];
  const deliver = (listeners: Listener[], data: unknown, origin: string, source: unknown) =>
    setTimeout(() => listeners.forEach((listener) => listener({ data: structuredClone(data), origin, source } as MessageEvent)));
  const parent = {
    postMessage(message: unknown, targetOrigin: string) {
      answeredTo.push(targetOrigin);
      if (targetOrigin === "*" || targetOrigin === pageOrigin) deliver(pageListeners, message, frameOrigin, frameWindow);
    },
  };
  const frameWindow = {
    postMessage(message: unknown, targetOrigin: string) {
      if (targetOrigin === frameOrigin) deliver(frameListeners, message, pageOrigin, parent);
    },
  };
  return {
    page: { addEventListener: (_type: "message", listener: Listener) => void pageListeners.push(listener) },
    frame: { parent, addEventListener: (_type: "message", listener: Listener) => void frameListeners.push(listener) },
    frameWindow,
    answeredTo,
    /** A message reaching the frame from `source` and `origin`. */
    sendToFrame: (data: unknown, origin: string, source: unknown) => deliver(frameListeners, data, origin, source),
    sendToPage: (data: unknown, origin: string, source: unknown) => deliver(pageListeners, data, origin, source),
  };
}

/** An engine that records what it was asked, with a workspace of files in memory. */
function recordingEngine() {
  const files = new Map<string, Uint8Array>();
  const calls: string[] = [];
  let boots = 0;
  const engine: FrameEngine = {
    async boot(onProgress) {
      if (boots++ === 0) onProgress("Booting the guest kernel");
      return "Guest ready: cold boot in 1.0 s";
    },
    async run(command, directory, columns, output, input) {
      calls.push(`run ${command} in ${directory} at ${columns}`);
      if (command === "fail") throw new Error("the engine stopped");
      if (command === "sleep") {
        // Runs until Ctrl-C comes, as a foreground container does.
        await new Promise<void>((resolve) => input.onInput((data) => data === "\x03" && resolve()));
        return 130;
      }
      output("stdout", "out line\n");
      output("stderr", "err line\n");
      return command.startsWith("false") ? 1 : 0;
    },
    async writeFile(path, data) {
      files.set(path, data);
    },
    async readFile(path) {
      const data = files.get(path);
      if (!data) throw new Error(`open ${path}: no such file or directory`);
      return data;
    },
  };
  return { engine, files, calls, boots: () => boots };
}

describe("the embed protocol", () => {
  it("boots once, runs commands with their output and exit codes, and writes and reads files", async () => {
    const link = pageWithFrame();
    const engine = recordingEngine();
    const client = new FrameClient(link.page, () => link.frameWindow, frameOrigin);
    serveEmbedFrame(link.frame, engine.engine);
    const progress: string[] = [];
    client.onProgress((message) => progress.push(message));

    expect(await client.boot()).toBe("Guest ready: cold boot in 1.0 s");
    expect(progress).toEqual(["Booting the guest kernel"]);
    const output: string[] = [];
    expect(await client.run("docker ps", { directory: "/examples/a", columns: 60, onOutput: (text, stream) => output.push(`${stream}: ${text}`) })).toBe(0);
    expect(output).toEqual(["stdout: out line\n", "stderr: err line\n"]);
    expect(await client.run("false")).toBe(1);
    expect(engine.calls).toEqual(["run docker ps in /examples/a at 60", "run false in / at 80"]);

    await client.writeFile("app/Dockerfile", "FROM busybox\n");
    expect(new TextDecoder().decode(await client.readFile("app/Dockerfile"))).toBe("FROM busybox\n");
    await expect(client.readFile("missing")).rejects.toThrow("open missing: no such file or directory");
    await expect(client.run("fail")).rejects.toThrow("the engine stopped");
    expect(link.answeredTo.slice(1).every((origin) => origin === pageOrigin)).toBe(true);
  });

  it("sends Ctrl-C to a running command when its run is aborted", async () => {
    const link = pageWithFrame();
    const client = new FrameClient(link.page, () => link.frameWindow, frameOrigin);
    serveEmbedFrame(link.frame, recordingEngine().engine);
    const stop = new AbortController();
    const running = client.run("sleep", { signal: stop.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    expect(await running).toBe(130);
  });

  it("queues requests made before the frame listens", async () => {
    const link = pageWithFrame();
    const client = new FrameClient(link.page, () => link.frameWindow, frameOrigin);
    const answered = client.run("docker version");
    await new Promise((resolve) => setTimeout(resolve, 10));
    serveEmbedFrame(link.frame, recordingEngine().engine);
    expect(await answered).toBe(0);
  });

  it("fails requests with a clear message when the frame never says it listens", async () => {
    const link = pageWithFrame();
    const client = new FrameClient(link.page, () => link.frameWindow, frameOrigin, 30);
    await expect(client.boot()).rejects.toThrow(`berth's engine frame did not load from ${frameOrigin} within 0.03 s`);
  });

  it("in the frame: takes requests only from its parent, and after the first only from that origin", async () => {
    const link = pageWithFrame();
    const engine = recordingEngine();
    serveEmbedFrame(link.frame, engine.engine);
    const run = (id: number) => tagged({ kind: "run", id, command: `echo ${id}`, directory: "/", columns: 80 });
    link.sendToFrame(run(1), pageOrigin, { postMessage: () => undefined });
    link.sendToFrame(run(2), pageOrigin, link.frame.parent);
    link.sendToFrame(run(3), "https://elsewhere.test", link.frame.parent);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.calls).toEqual(["run echo 2 in / at 80"]);
  });

  it("in the page: takes events only from the frame's window and origin", async () => {
    const link = pageWithFrame();
    const client = new FrameClient(link.page, () => link.frameWindow, frameOrigin);
    const progress: string[] = [];
    client.onProgress((message) => progress.push(message));
    link.sendToPage(tagged({ kind: "progress", message: "from another window" }), frameOrigin, {});
    link.sendToPage(tagged({ kind: "progress", message: "from another origin" }), "https://elsewhere.test", link.frameWindow);
    link.sendToPage(tagged({ kind: "progress", message: "from the frame" }), frameOrigin, link.frameWindow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(progress).toEqual(["from the frame"]);
  });

  it("reads only well-formed messages of its own", () => {
    expect(parseRequest({ kind: "boot", id: 1 })).toBeUndefined();
    expect(parseRequest({ [protocolTag]: 2, kind: "boot", id: 1 })).toBeUndefined();
    expect(parseRequest(tagged({ kind: "boot", id: 1 }))).toEqual({ kind: "boot", id: 1 });
    expect(parseRequest(tagged({ kind: "boot", id: -1 }))).toBeUndefined();
    expect(parseRequest(tagged({ kind: "shutdown", id: 1 }))).toBeUndefined();
    const run = { kind: "run", id: 2, command: "docker ps", directory: "/", columns: 80 };
    expect(parseRequest(tagged(run))).toEqual(run);
    expect(parseRequest(tagged({ ...run, columns: 5 }))).toBeUndefined();
    expect(parseRequest(tagged({ ...run, directory: "" }))).toBeUndefined();
    expect(parseRequest(tagged({ ...run, command: "x".repeat(maxCommandLength + 1) }))).toBeUndefined();
    expect(parseRequest(tagged({ kind: "write-file", id: 3, path: "a", data: "text" }))).toBeUndefined();
    expect(parseRequest(tagged({ kind: "write-file", id: 3, path: "a\0b", data: new Uint8Array(1) }))).toBeUndefined();
    expect(parseRequest(tagged({ kind: "read-file", id: 4, path: "a" }))).toEqual({ kind: "read-file", id: 4, path: "a" });
    expect(parseRequest(tagged({ kind: "interrupt", id: 5, run: 2 }))).toEqual({ kind: "interrupt", id: 5, run: 2 });
    expect(parseRequest(tagged({ kind: "interrupt", id: 5 }))).toBeUndefined();
    expect(parseEvent(tagged({ kind: "output", id: 1, stream: "stdin", text: "x" }))).toBeUndefined();
    expect(parseEvent(tagged({ kind: "done", id: 1, exitCode: 0.5 }))).toBeUndefined();
    expect(parseEvent(tagged({ kind: "failed", id: 1, message: "no" }))).toEqual({ kind: "failed", id: 1, message: "no" });
  });
});
