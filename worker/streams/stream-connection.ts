// The engine's end of a streaming operation (see StreamConnection in src/api/operation-spec.ts):
// the stream ends once with a result or an error, the client may hang up, and a stdio stream takes
// stdin. Handlers build one per stream and hand it back; comlink or the HTTP server carry it.
// The client's sink and the stream's end travel on separate channels, so a write the engine made
// before the end could reach the client after it; writes counted with `delivered` therefore hold
// the end back until the client has taken them.

import type { StreamConnection } from "../../src/api/operation-spec.ts";

export interface StreamInput {
  write(data: Uint8Array): Promise<void>;
  closeWrite(): Promise<void>;
}

export class EngineStream<Result = void> implements StreamConnection<Result> {
  readonly #done: Promise<Result>;
  #resolve!: (result: Result) => void;
  #reject!: (error: unknown) => void;
  #ended = false;
  #deliveries: Promise<unknown> = Promise.resolve();
  readonly #closeListeners: (() => void)[] = [];

  constructor(private readonly input?: StreamInput) {
    this.#done = new Promise<Result>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#done.catch(() => undefined);
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Counts a write to the client's sink (a comlink call answers once the client has it); a failed write ends the stream. */
  delivered(write: unknown): void {
    const delivery = Promise.resolve(write).catch(() => this.close());
    this.#deliveries = Promise.all([this.#deliveries, delivery]);
  }

  /** Ends the stream with its result (the first end wins), once the client has every counted write. */
  end(result: Result): void {
    if (this.#ended) return;
    this.#ended = true;
    void this.#deliveries.then(() => this.#resolve(result));
    this.#notifyClosed();
  }

  fail(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#reject(error);
    this.#notifyClosed();
  }

  /** Runs `listener` once when the stream ends for any reason (the engine cleans up there). */
  onClose(listener: () => void): void {
    if (this.#ended) listener();
    else this.#closeListeners.push(listener);
  }

  done(): Promise<Result> {
    return this.#done;
  }

  async close(): Promise<void> {
    this.end(undefined as Result);
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.#ended) await this.input?.write(data);
  }

  async closeWrite(): Promise<void> {
    if (!this.#ended) await this.input?.closeWrite();
  }

  #notifyClosed(): void {
    for (const listener of this.#closeListeners.splice(0)) listener();
  }
}
