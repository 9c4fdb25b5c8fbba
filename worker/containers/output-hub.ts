// Fans one process's output out to its attached clients (live streaming) and to an optional
// recorder (the container's log). Clients attach before the process starts, so nothing is missed.

import type { OutputSink, OutputStream } from "../../src/api/engine-api.ts";

export type OutputRecorder = (stream: OutputStream, bytes: Uint8Array) => void;

export class OutputHub {
  readonly #sinks = new Set<OutputSink>();
  readonly #open = new Set<OutputStream>([1, 2]);
  readonly #closed: Promise<void>;
  #markClosed!: () => void;

  constructor(private readonly recorder?: OutputRecorder) {
    this.#closed = new Promise((resolve) => (this.#markClosed = resolve));
  }

  /** Resolves when both stdout and stderr have reached EOF. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  attach(sink: OutputSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  data(stream: OutputStream, bytes: Uint8Array): void {
    this.recorder?.(stream, bytes);
    for (const sink of this.#sinks) this.#deliver(sink, stream, bytes);
  }

  /** A sink may be a comlink proxy whose calls return promises; a sink that fails is dropped. */
  #deliver(sink: OutputSink, stream: OutputStream, bytes: Uint8Array): void {
    try {
      void Promise.resolve(sink.write(stream, bytes)).catch(() => this.#sinks.delete(sink));
    } catch {
      this.#sinks.delete(sink);
    }
  }

  eof(stream: OutputStream): void {
    this.#open.delete(stream);
    if (this.#open.size === 0) this.#markClosed();
  }
}
