// The progress messages of a pull, in the order and wording Docker's daemon streams them, with
// byte counts throttled so a fast transfer does not flood the client.

import type { MessageSink } from "../../src/api/engine-api.ts";
import type { JsonMessage } from "../../src/api/types.ts";

const minimumStepBytes = 256 * 1024;
const minimumStepMs = 100;

/** Docker's layer id in progress lines: the first 12 hex digits of the blob digest. */
export function shortLayerId(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

export class PullProgress {
  #delivered: Promise<unknown> = Promise.resolve();

  constructor(private readonly sink: MessageSink<JsonMessage>) {}

  /** Resolves once the sink took every message so far (a comlink sink answers asynchronously). */
  flush(): Promise<void> {
    return this.#delivered.then(() => undefined);
  }

  status(status: string, id?: string): void {
    this.#send(id === undefined ? { status } : { status, id });
  }

  /** A reporter of `current` bytes out of `total` for one layer's phase ("Downloading", "Extracting"). */
  bytes(status: string, id: string, total: number): (current: number) => void {
    let lastBytes = -Infinity;
    let lastTime = -Infinity;
    return (current) => {
      const now = Date.now();
      const done = current >= total;
      if (!done && current - lastBytes < minimumStepBytes && now - lastTime < minimumStepMs) return;
      lastBytes = current;
      lastTime = now;
      this.#send({ status, id, progressDetail: { current, total } });
    };
  }

  #send(message: JsonMessage): void {
    const delivery = Promise.resolve(this.sink.report(message)).catch(() => undefined);
    this.#delivered = Promise.all([this.#delivered, delivery]);
  }
}
