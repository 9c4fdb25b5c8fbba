// The engine frame's end of the embed protocol (protocol.ts): takes requests from the page that
// embeds the frame, and only from it (window.parent); answers to that page's origin, which the first
// request pins, so a later document in another origin never receives an answer meant for the first.
// Any origin may embed the frame: what it reaches is this frame's own engine, nothing else (the
// engine's commands cannot name another daemon, see embedded-engine.ts), kept in the storage the
// browser gives berth's origin under that embedding site.

import { parseRequest, tagged, type EmbedEvent, type EmbedRequest, type OutputStream } from "./protocol.ts";

/** The keys a running command gets: what the page sends it (Ctrl-C, to stop it). */
export class RunInput {
  readonly #handlers = new Set<(data: string) => void>();

  onInput(handler: (data: string) => void): { dispose(): void } {
    this.#handlers.add(handler);
    return { dispose: () => this.#handlers.delete(handler) };
  }

  send(data: string): void {
    this.#handlers.forEach((handler) => handler(data));
  }
}

/** What the frame runs requests on: its one engine. */
export interface FrameEngine {
  /** Starts the engine once; resolves to the boot's summary line. */
  boot(onProgress: (message: string) => void): Promise<string>;
  /** Runs one command line in a workspace directory; resolves to its exit code. */
  run(command: string, directory: string, columns: number, output: (stream: OutputStream, text: string) => void, input: RunInput): Promise<number>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
}

export interface MessageTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface FrameWindow {
  readonly parent: MessageTarget;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

export function serveEmbedFrame(frame: FrameWindow, engine: FrameEngine): void {
  let embedder: string | undefined;
  /** The input of each command running, by its run request's id. */
  const running = new Map<number, RunInput>();
  // An opaque origin ("null": a file or sandboxed page) can only be answered with "*"; it is still window.parent.
  const send = (event: EmbedEvent) => frame.parent.postMessage(tagged(event), embedder === "null" ? "*" : embedder!);
  const progress = (message: string) => send({ kind: "progress", message });

  async function answer(request: EmbedRequest): Promise<EmbedEvent> {
    const { id } = request;
    // Every request starts the engine if nothing has yet.
    const summary = await engine.boot(progress);
    switch (request.kind) {
      case "boot":
        return { kind: "done", id, summary };
      case "run": {
        const output = (stream: OutputStream, text: string) => send({ kind: "output", id, stream, text });
        const input = new RunInput();
        running.set(id, input);
        try {
          return { kind: "done", id, exitCode: await engine.run(request.command, request.directory, request.columns, output, input) };
        } finally {
          running.delete(id);
        }
      }
      case "interrupt":
        running.get(request.run)?.send("\x03");
        return { kind: "done", id };
      case "write-file":
        await engine.writeFile(request.path, request.data);
        return { kind: "done", id };
      case "read-file":
        return { kind: "done", id, data: await engine.readFile(request.path) };
    }
  }

  frame.addEventListener("message", (event) => {
    if (event.source !== frame.parent) return;
    const request = parseRequest(event.data);
    if (!request || (embedder !== undefined && event.origin !== embedder)) return;
    embedder = event.origin;
    void answer(request).then(send, (error: unknown) =>
      send({ kind: "failed", id: request.id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  frame.parent.postMessage(tagged({ kind: "ready" }), "*");
}
