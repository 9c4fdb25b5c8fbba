// A DiskChunkStore that finds chunks the storage beneath corrupted. Each data chunk's 32-bit
// checksum (chunk-checksum.ts) is kept in the inner store as part of the same disk, after its last
// possible data chunk: checksum chunk k, at index dataChunks + k, holds the checksums of data chunks
// [k × perChunk, (k + 1) × perChunk), perChunk = chunkBytes / 4. A commit stores the changed
// checksum chunks in the same inner commit as the data, so both are atomic together on every
// backend. A stored checksum of 0 means "never written" (a computed 0 is stored as 1).
//
// Commits of a disk run one at a time here (each rewrites whole checksum chunks from the ones in
// memory). Reads do not wait for them: a read accepts the checksum committed so far and the one of
// a commit running, and one that spanned the start or the end of a commit or a removal starts over.

import { EngineError } from "../../src/api/errors.ts";
import { chunkChecksum, wordsOf } from "./chunk-checksum.ts";
import { assertChunkIndex, assertCommittable, assertDiskId, DiskCorruptError, type DiskChunkStore } from "./disk-chunk-store.ts";
import { KeyedQueue } from "./keyed-queue.ts";

interface DiskChecksums {
  /** Checksum chunks by k, each as loaded from the inner store or as last committed. */
  tables: Map<number, Promise<Uint32Array>>;
  /** The checksums the running commit stores, by data chunk. */
  committing: ReadonlyMap<number, number> | undefined;
  /** Grows when a commit starts or ends and when the disk is dropped; a read spanning a change starts over. */
  version: number;
}

const storedChecksum = (bytes: Uint8Array) => chunkChecksum(bytes) || 1;

export class ChecksummedDiskChunkStore implements DiskChunkStore {
  readonly chunkBytes: number;
  readonly #perChunk: number;
  readonly #zeroChunkChecksum: number;
  readonly #disks = new Map<string, DiskChecksums>();
  readonly #commits = new KeyedQueue();

  constructor(
    private readonly inner: DiskChunkStore,
    /** How many data chunks a disk may have (its most bytes / chunkBytes). */
    readonly dataChunks: number,
  ) {
    this.chunkBytes = inner.chunkBytes;
    if (this.chunkBytes % 4 !== 0 || !Number.isSafeInteger(dataChunks) || dataChunks < 1) {
      throw new Error(`checksummed disk store: ${dataChunks} data chunks of ${this.chunkBytes} bytes cannot carry checksums`);
    }
    this.#perChunk = this.chunkBytes / 4;
    this.#zeroChunkChecksum = storedChecksum(new Uint8Array(this.chunkBytes));
  }

  get location(): string {
    return this.inner.location;
  }

  async read(disk: string, index: number): Promise<Uint8Array | undefined> {
    this.#assertDataIndex(disk, index);
    for (;;) {
      const checksums = this.#checksumsOf(disk);
      const version = checksums.version;
      const table = await this.#table(disk, checksums, Math.floor(index / this.#perChunk));
      const accepted = [table[index % this.#perChunk]!, checksums.committing?.get(index)];
      const bytes = await this.inner.read(disk, index);
      const actual = bytes ? storedChecksum(bytes) : this.#zeroChunkChecksum;
      if (accepted.includes(actual) || (!bytes && accepted.includes(0))) return bytes;
      if (checksums.version === version) throw new DiskCorruptError(disk, index);
    }
  }

  async commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    assertCommittable(disk, chunks, this.chunkBytes);
    for (const index of chunks.keys()) this.#assertDataIndex(disk, index);
    return this.#commits.run(disk, async () => {
      const checksums = this.#checksumsOf(disk);
      const changed = new Map<number, Uint32Array>();
      for (const k of new Set([...chunks.keys()].map((index) => Math.floor(index / this.#perChunk)))) {
        changed.set(k, (await this.#table(disk, checksums, k)).slice());
      }
      const committing = new Map<number, number>();
      for (const [index, bytes] of chunks) {
        const checksum = storedChecksum(bytes);
        committing.set(index, checksum);
        changed.get(Math.floor(index / this.#perChunk))![index % this.#perChunk] = checksum;
      }
      const batch = new Map(chunks);
      for (const [k, table] of changed) batch.set(this.dataChunks + k, new Uint8Array(table.buffer));
      checksums.committing = committing;
      checksums.version++;
      try {
        await this.inner.commit(disk, batch);
        for (const [k, table] of changed) checksums.tables.set(k, Promise.resolve(table));
      } finally {
        checksums.committing = undefined;
        checksums.version++;
      }
    });
  }

  async remove(disk: string): Promise<void> {
    assertDiskId(disk);
    return this.#commits.run(disk, async () => {
      this.#drop(disk);
      try {
        await this.inner.remove(disk);
      } finally {
        // Checksums loaded while the disk was going may be of what is gone.
        this.#drop(disk);
      }
    });
  }

  usage(disk: string): Promise<number> {
    return this.inner.usage(disk);
  }

  disks(): Promise<string[]> {
    return this.inner.disks();
  }

  #assertDataIndex(disk: string, index: number): void {
    assertChunkIndex(disk, index);
    if (index >= this.dataChunks) throw new EngineError("invalid", `disk ${disk}: chunk index ${index} is past the disk's ${this.dataChunks} chunks`);
  }

  #checksumsOf(disk: string): DiskChecksums {
    let checksums = this.#disks.get(disk);
    if (!checksums) {
      checksums = { tables: new Map(), committing: undefined, version: 0 };
      this.#disks.set(disk, checksums);
    }
    return checksums;
  }

  #drop(disk: string): void {
    const checksums = this.#disks.get(disk);
    if (!checksums) return;
    checksums.version++;
    this.#disks.delete(disk);
  }

  /** Checksum chunk k of the disk, read from the inner store on first use (a failed read is not kept). */
  #table(disk: string, checksums: DiskChecksums, k: number): Promise<Uint32Array> {
    let table = checksums.tables.get(k);
    if (!table) {
      const loading = this.inner.read(disk, this.dataChunks + k).then((bytes) => (bytes ? wordsOf(bytes) : new Uint32Array(this.#perChunk)));
      loading.catch(() => {
        if (checksums.tables.get(k) === loading) checksums.tables.delete(k);
      });
      checksums.tables.set(k, loading);
      table = loading;
    }
    return table;
  }
}
