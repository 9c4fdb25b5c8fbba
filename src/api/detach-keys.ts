// Docker's detach keys on an attached stdin: a sequence (default Ctrl-P Ctrl-Q) that detaches the
// client instead of reaching the container. Both ends look for it, as in Docker: the CLI to stop
// its session, the engine for API clients. Bytes that start the sequence are held back until it is
// clear whether the sequence follows; if it does not, they go through.

import { EngineError } from "./errors.ts";

const defaultDetachKeys = "ctrl-p,ctrl-q";

/** Parses "ctrl-p,ctrl-q" or "a,ctrl-@" into bytes, as Docker's term.ToBytes does. */
export function parseDetachKeys(keys: string = defaultDetachKeys): number[] {
  const bytes: number[] = [];
  for (const key of (keys || defaultDetachKeys).split(",")) {
    const trimmed = key.trim();
    if (trimmed.length === 1) {
      bytes.push(trimmed.charCodeAt(0));
      continue;
    }
    const control = /^ctrl-([a-z@[\\\]^_])$/.exec(trimmed.toLowerCase());
    if (!control) throw new EngineError("invalid", `Invalid detach keys (${keys}) provided`);
    bytes.push(control[1].charCodeAt(0) & 0x1f);
  }
  return bytes;
}

export class DetachKeyScanner {
  #matched = 0;

  constructor(private readonly sequence: number[]) {}

  /** The bytes to pass on, and whether the detach sequence completed (what follows it is dropped). */
  scan(data: Uint8Array): { pass: Uint8Array; detach: boolean } {
    const pass: number[] = [];
    for (const byte of data) {
      if (byte === this.sequence[this.#matched]) {
        this.#matched += 1;
        if (this.#matched === this.sequence.length) return { pass: Uint8Array.from(pass), detach: true };
        continue;
      }
      pass.push(...this.sequence.slice(0, this.#matched));
      this.#matched = byte === this.sequence[0] ? 1 : 0;
      if (this.#matched === 0) pass.push(byte);
    }
    return { pass: Uint8Array.from(pass), detach: false };
  }
}
