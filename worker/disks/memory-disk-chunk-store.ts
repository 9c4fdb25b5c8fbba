// Disks in memory: for tests, and for a session that keeps nothing across reloads.

import { assertChunkIndex, assertCommittable, assertDiskId, defaultChunkBytes, type DiskChunkStore } from "./disk-chunk-store.ts";

export class MemoryDiskChunkStore implements DiskChunkStore {
  readonly location = "memory (kept until the engine stops)";
  readonly #disks = new Map<string, Map<number, Uint8Array>>();

  constructor(readonly chunkBytes = defaultChunkBytes) {}

  async read(disk: string, index: number): Promise<Uint8Array | undefined> {
    assertChunkIndex(disk, index);
    return this.#disks.get(disk)?.get(index)?.slice();
  }

  async commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    assertCommittable(disk, chunks, this.chunkBytes);
    const stored = this.#disks.get(disk) ?? new Map<number, Uint8Array>();
    for (const [index, bytes] of chunks) stored.set(index, bytes.slice());
    this.#disks.set(disk, stored);
  }

  async remove(disk: string): Promise<void> {
    assertDiskId(disk);
    this.#disks.delete(disk);
  }

  async usage(disk: string): Promise<number> {
    assertDiskId(disk);
    return (this.#disks.get(disk)?.size ?? 0) * this.chunkBytes;
  }

  async disks(): Promise<string[]> {
    return [...this.#disks.keys()];
  }
}
