// One disk's writes on their way to the store. A write lands in the dirty set at once. A commit
// takes the whole dirty set in one step (the disk as it was at that instant) and freezes it, while
// later writes go to a new dirty set; it completes partial chunks from what is stored beneath them
// and hands the set to one store.commit. Commits run one at a time, in order, so the stored disk is
// always the guest's disk at some past instant: a prefix of its writes, which is what ext4's journal
// recovers from after a reload. Reads look in the dirty set, the frozen set, the clean cache, the store.

import { EngineError } from "../../src/api/errors.ts";
import { piecesOf, type RangePiece } from "./byte-ranges.ts";
import type { CleanChunkCache } from "./clean-chunk-cache.ts";
import type { DiskChunkStore } from "./disk-chunk-store.ts";
import { DirtyChunk, sectorBytes } from "./dirty-chunk.ts";

export interface WriteBackContext {
  disk: string;
  store: DiskChunkStore;
  cache: CleanChunkCache;
  onCommitError(error: Error): void;
}

type DirtyChunks = Map<number, DirtyChunk>;

interface PendingFlush {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function pendingFlush(): PendingFlush {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => ((resolve = onResolve), (reject = onReject)));
  return { promise, resolve, reject };
}

export class DiskWriteBack {
  #dirty: DirtyChunks = new Map();
  /** The set the running commit stores. */
  #frozen: DirtyChunks | undefined;
  #running: Promise<void> | undefined;
  /** Flushes that need a commit after the running one. */
  #next: PendingFlush | undefined;
  /** Changes whenever the stored disk may change; a read that spans a change starts over. */
  #storeVersion = 0;
  #discarded = false;

  constructor(private readonly context: WriteBackContext) {}

  /** True while some write is not yet committed. */
  get busy(): boolean {
    return this.#dirty.size > 0 || this.#running !== undefined;
  }

  /** Applies a sector-aligned write at byte `offset` of the disk. */
  write(offset: number, data: Uint8Array): void {
    const { chunkBytes } = this.context.store;
    for (const piece of piecesOf(offset, data.length, chunkBytes)) {
      const bytes = data.subarray(piece.position, piece.position + piece.length);
      const chunk = this.#dirty.get(piece.unit);
      if (chunk) {
        chunk.write(piece.offset, bytes);
      } else if (piece.length === chunkBytes) {
        this.#dirty.set(piece.unit, DirtyChunk.full(bytes.slice()));
      } else {
        const started = this.#startChunk(piece.unit);
        started.write(piece.offset, bytes);
        this.#dirty.set(piece.unit, started);
      }
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const { disk, store } = this.context;
    const stored = new Map<number, Uint8Array | undefined>();
    for (;;) {
      const missing = this.#chunksToFetch(offset, length).filter((index) => !stored.has(index));
      if (missing.length === 0) {
        // From the check to here nothing yields, so the cache still holds what the check found there.
        const bytes = this.#assemble(offset, length, stored);
        for (const [index, chunk] of stored) this.#takeStored(index, chunk);
        return bytes;
      }
      const version = this.#storeVersion;
      await Promise.all(missing.map(async (index) => stored.set(index, await store.read(disk, index))));
      if (version !== this.#storeVersion) stored.clear();
    }
  }

  /** The bytes, when everything they need is in memory. */
  readNow(offset: number, length: number): Uint8Array | undefined {
    return this.#chunksToFetch(offset, length).length === 0 ? this.#assemble(offset, length, new Map()) : undefined;
  }

  /** Resolves once every write made so far is committed; rejects with the failed commit's error. */
  flush(): Promise<void> {
    if (this.#discarded) return Promise.reject(new EngineError("not-found", `disk ${this.context.disk} was removed`));
    if (!this.#running) return this.#dirty.size > 0 ? this.#commit() : Promise.resolve();
    if (this.#dirty.size === 0) return this.#next?.promise ?? this.#running;
    this.#next ??= pendingFlush();
    return this.#next.promise;
  }

  /** Starts a commit unless one is running; a failure is reported through onCommitError only. */
  commitInBackground(): void {
    if (!this.#running && this.#dirty.size > 0) this.#commit().catch(() => undefined);
  }

  /** Forgets every uncommitted write; resolves once no commit of this disk is running. */
  discard(): Promise<void> {
    this.#discarded = true;
    this.#dirty = new Map();
    this.#storeVersion++;
    return (this.#running ?? Promise.resolve()).catch(() => undefined);
  }

  #commit(): Promise<void> {
    const frozen = this.#dirty;
    this.#dirty = new Map();
    this.#frozen = frozen;
    const running = this.#store(frozen);
    this.#running = running;
    running.catch(() => undefined); // reported through onCommitError; flushes get it themselves
    return running;
  }

  async #store(frozen: DirtyChunks): Promise<void> {
    const { disk, store, cache } = this.context;
    try {
      const chunks = await this.#completed(frozen);
      this.#storeVersion++;
      await store.commit(disk, chunks);
      if (!this.#discarded) for (const [index, bytes] of chunks) cache.put(disk, index, bytes);
    } catch (error) {
      if (!this.#discarded) {
        this.#keepDirty(frozen);
        this.context.onCommitError(error instanceof Error ? error : new Error(String(error)));
      }
      throw error;
    } finally {
      this.#storeVersion++;
      this.#frozen = undefined;
      this.#running = undefined;
      const next = this.#next;
      this.#next = undefined;
      if (next) this.flush().then(next.resolve, next.reject);
    }
  }

  /** The frozen chunks in full: partial ones completed from the cache or the store. */
  async #completed(frozen: DirtyChunks): Promise<Map<number, Uint8Array>> {
    const { disk, store, cache } = this.context;
    const partial = [...frozen].filter(([, chunk]) => !chunk.isFull);
    await Promise.all(partial.map(async ([index, chunk]) => chunk.completeFrom(cache.get(disk, index) ?? (await store.read(disk, index)))));
    return new Map([...frozen].map(([index, chunk]) => [index, chunk.bytes]));
  }

  /** Puts a failed commit's chunks back beneath the writes made since, to go with the next commit. */
  #keepDirty(frozen: DirtyChunks): void {
    for (const [index, chunk] of frozen) {
      const newer = this.#dirty.get(index);
      if (newer) newer.fillFromOlder(chunk);
      else this.#dirty.set(index, chunk);
    }
  }

  /** A dirty chunk for a first write into chunk `index`: full when the content beneath is in memory. */
  #startChunk(index: number): DirtyChunk {
    const frozen = this.#frozen?.get(index);
    const beneath = frozen ? (frozen.isFull ? frozen.bytes : undefined) : this.context.cache.get(this.context.disk, index);
    return beneath ? DirtyChunk.full(beneath.slice()) : DirtyChunk.empty(this.context.store.chunkBytes);
  }

  #layersOf(index: number): DirtyChunk[] {
    return [this.#dirty.get(index), this.#frozen?.get(index)].filter((chunk) => chunk !== undefined);
  }

  /** Chunks of the range with a sector found neither in the dirty and frozen sets nor in the cache. */
  #chunksToFetch(offset: number, length: number): number[] {
    const { disk, store, cache } = this.context;
    const inMemory = (piece: RangePiece) => {
      const layers = this.#layersOf(piece.unit);
      for (let at = piece.offset; at < piece.offset + piece.length; at += sectorBytes) {
        if (!layers.some((layer) => layer.holds(at / sectorBytes))) return false;
      }
      return true;
    };
    return piecesOf(offset, length, store.chunkBytes)
      .filter((piece) => !inMemory(piece) && !cache.get(disk, piece.unit))
      .map((piece) => piece.unit);
  }

  /** Completes partial chunks with a stored chunk just read (undefined: zeros) and caches it. */
  #takeStored(index: number, stored: Uint8Array | undefined): void {
    const frozen = this.#frozen?.get(index);
    const dirty = this.#dirty.get(index);
    frozen?.completeFrom(stored);
    if (dirty && frozen) dirty.fillFromOlder(frozen);
    else dirty?.completeFrom(stored);
    if (stored && !this.#discarded) this.context.cache.put(this.context.disk, index, stored);
  }

  #assemble(offset: number, length: number, stored: ReadonlyMap<number, Uint8Array | undefined>): Uint8Array {
    const { disk, store, cache } = this.context;
    const bytes = new Uint8Array(length);
    for (const piece of piecesOf(offset, length, store.chunkBytes)) {
      const layers = this.#layersOf(piece.unit);
      const beneath = stored.get(piece.unit) ?? cache.get(disk, piece.unit);
      const whole = layers[0]?.isFull ? layers[0].bytes : layers.length === 0 ? beneath : undefined;
      if (whole) {
        bytes.set(whole.subarray(piece.offset, piece.offset + piece.length), piece.position);
        continue;
      }
      for (let at = piece.offset; at < piece.offset + piece.length; at += sectorBytes) {
        const source = layers.find((layer) => layer.holds(at / sectorBytes))?.bytes ?? beneath;
        if (source) bytes.set(source.subarray(at, at + sectorBytes), piece.position + at - piece.offset);
      }
    }
    return bytes;
  }
}
