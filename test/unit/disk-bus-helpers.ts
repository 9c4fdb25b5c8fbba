// Helpers for the DiskBus tests: a seeded random source, a store with random latency (and, when
// asked, random commit failures) in front of a real store, and reading through v86's buffer API.

import type { DiskBus } from "../../worker/disks/disk-bus.ts";
import { DiskFullError, type DiskChunkStore } from "../../worker/disks/disk-chunk-store.ts";

/** xorshift32: the same seed gives the same sequence. */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0 || 1;
  return (below) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % below;
  };
}

export function randomBytes(random: (below: number) => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random(256));
}

export interface LatentStoreOptions {
  random: (below: number) => number;
  /** Upper bound of the delay before each call, in ms. */
  maxDelayMs: number;
  /** One in this many commits fails as if the store were full (0: none). */
  failOneIn?: number;
  /** Called with each batch the inner store accepted, right after it did. */
  onCommitted?: (disk: string, chunks: ReadonlyMap<number, Uint8Array>) => void;
}

/** A real store behind random delays, so that reads, writes and commits interleave. */
export class LatentStore implements DiskChunkStore {
  readonly chunkBytes: number;
  commitCalls = 0;
  readCalls = 0;

  constructor(
    readonly inner: DiskChunkStore,
    private readonly options: LatentStoreOptions,
  ) {
    this.chunkBytes = inner.chunkBytes;
  }

  get location(): string {
    return this.inner.location;
  }

  async read(disk: string, index: number): Promise<Uint8Array | undefined> {
    this.readCalls++;
    await this.#delay();
    return this.inner.read(disk, index);
  }

  async commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    this.commitCalls++;
    await this.#delay();
    const { failOneIn, random, onCommitted } = this.options;
    if (failOneIn && random(failOneIn) === 0) throw new DiskFullError(disk, new Error("simulated quota"));
    await this.inner.commit(disk, chunks);
    onCommitted?.(disk, chunks);
  }

  remove(disk: string): Promise<void> {
    return this.inner.remove(disk);
  }

  usage(disk: string): Promise<number> {
    return this.inner.usage(disk);
  }

  disks(): Promise<string[]> {
    return this.inner.disks();
  }

  #delay(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.options.random(this.options.maxDelayMs + 1)));
  }
}

/** Reads through the object v86 takes as its disk. */
export function readThroughV86(bus: DiskBus, start: number, length: number): Promise<Uint8Array> {
  return new Promise((resolve) => bus.v86Buffer.get(start, length, resolve));
}

export function writeThroughV86(bus: DiskBus, start: number, data: Uint8Array): void {
  bus.v86Buffer.set(start, data, () => undefined);
}
