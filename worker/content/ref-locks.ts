// Keeps a ref to one open writer per store instance, as containerd does.

import { refLocked } from "./content-errors.ts";

export class RefLocks {
  readonly #held = new Set<string>();

  /** Throws as unavailable when `ref` already has an open writer. */
  acquire(ref: string): void {
    if (this.#held.has(ref)) throw refLocked(ref);
    this.#held.add(ref);
  }

  release(ref: string): void {
    this.#held.delete(ref);
  }
}
