// StreamConnections for fake engines: one whose stream has already ended, and one that stays open
// until the client hangs up (as a followed log or a stats stream does).

import type { StreamConnection } from "../../api/engine-api.ts";

/** A stream that ended with `result` (or failed with it, when `result` is an Error). */
export function endedStream<Result = void>(result?: Result | Error): StreamConnection<Result> {
  const done = result instanceof Error ? Promise.reject(result) : Promise.resolve(result as Result);
  done.catch(() => undefined);
  return { done: () => done, close: async () => undefined, write: async () => undefined, closeWrite: async () => undefined };
}

export interface OpenStream extends StreamConnection<void> {
  /** Whether the client has hung up. */
  readonly closed: boolean;
}

/** A stream that ends only when the client closes it. */
export function openStream(): OpenStream {
  let hangUp = () => undefined as void;
  const done = new Promise<void>((resolve) => (hangUp = resolve));
  const stream = {
    closed: false,
    done: () => done,
    close: async () => {
      stream.closed = true;
      hangUp();
    },
    write: async () => undefined,
    closeWrite: async () => undefined,
  };
  return stream;
}
