// Committed chunks kept in memory, least recently used first out, within a byte budget shared by
// all disks. Entries equal what the store holds, so dropping one loses nothing.

export class CleanChunkCache {
  /** Map order is use order: the first entry is the least recently used. */
  readonly #entries = new Map<string, Uint8Array>();
  #bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(disk: string, index: number): Uint8Array | undefined {
    const key = keyOf(disk, index);
    const bytes = this.#entries.get(key);
    if (bytes) {
      this.#entries.delete(key);
      this.#entries.set(key, bytes);
    }
    return bytes;
  }

  /** Keeps `bytes` (not copied: the caller must not change them afterwards). */
  put(disk: string, index: number, bytes: Uint8Array): void {
    this.#delete(keyOf(disk, index));
    if (bytes.length > this.budgetBytes) return;
    this.#entries.set(keyOf(disk, index), bytes);
    this.#bytes += bytes.length;
    for (const [key] of this.#entries) {
      if (this.#bytes <= this.budgetBytes) break;
      this.#delete(key);
    }
  }

  dropDisk(disk: string): void {
    const prefix = keyOf(disk, "");
    for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) this.#delete(key);
  }

  #delete(key: string): void {
    const bytes = this.#entries.get(key);
    if (!bytes) return;
    this.#entries.delete(key);
    this.#bytes -= bytes.length;
  }
}

/** Disk ids never hold "/", so the prefix of one disk's keys is no other disk's. */
function keyOf(disk: string, index: number | ""): string {
  return `${disk}/${index}`;
}
