// Fans one container's output out to its attached clients. Output that arrives before anyone
// attaches is kept (bounded) and replayed to the first client, so a fast container loses nothing.

import type { OutputSink, OutputStream } from "../../src/api/engine-api.ts";

const maxBufferedBytes = 1024 * 1024;

export class OutputHub {
  readonly #sinks = new Set<OutputSink>();
  readonly #buffered: [OutputStream, Uint8Array][] = [];
  #bufferedBytes = 0;
  readonly #open = new Set<OutputStream>([1, 2]);
  readonly #closed: Promise<void>;
  #markClosed!: () => void;

  constructor() {
    this.#closed = new Promise((resolve) => (this.#markClosed = resolve));
  }

  /** Resolves when both stdout and stderr have reached EOF. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  attach(sink: OutputSink): () => void {
    if (this.#sinks.size === 0) {
      for (const [stream, data] of this.#buffered.splice(0)) this.#deliver(sink, stream, data);
      this.#bufferedBytes = 0;
    }
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  data(stream: OutputStream, bytes: Uint8Array): void {
    if (this.#sinks.size === 0) {
      if (this.#bufferedBytes + bytes.length <= maxBufferedBytes) {
        this.#buffered.push([stream, bytes]);
        this.#bufferedBytes += bytes.length;
      }
      return;
    }
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
