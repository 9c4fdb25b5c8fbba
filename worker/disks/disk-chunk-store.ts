// Where disks' bytes are kept: each disk (a container's writable layer, named by an id) is a sparse
// array of fixed-size chunks. A chunk never written reads as zeros and takes no space. The DiskBus
// (disk-bus.ts) is the only writer; it commits a batch of chunks at a time, and a batch is atomic,
// so the stored disk always equals the guest's disk at one instant.

import { EngineError } from "../../src/api/errors.ts";

export interface DiskChunkStore {
  readonly chunkBytes: number;
  /** Where the disks are, in words for `docker info` ("IndexedDB berth-disks", a directory). */
  readonly location: string;
  /**
   * The chunk's bytes (chunkBytes long), or undefined if never written (reads as zeros). A backend
   * may also answer undefined for a chunk that was written as zeros: the content is the same.
   */
  read(disk: string, index: number): Promise<Uint8Array | undefined>;
  /** Stores all given chunks atomically: after a crash or reload either all or none are visible. */
  commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void>;
  /** Deletes the disk and frees its space. Fine if it does not exist. */
  remove(disk: string): Promise<void>;
  /** Bytes the disk occupies in the store. */
  usage(disk: string): Promise<number>;
  /** Ids of all stored disks (to find orphans). */
  disks(): Promise<string[]>;
}

export const defaultChunkBytes = 64 * 1024;

const diskIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Disk ids become file and key names, so they are limited to a safe alphabet. */
export function assertDiskId(disk: string): void {
  if (!diskIdPattern.test(disk)) {
    throw new EngineError("invalid", `invalid disk id ${JSON.stringify(disk)}: expected [A-Za-z0-9][A-Za-z0-9_.-]{0,127}`);
  }
}

export function assertChunkIndex(disk: string, index: number): void {
  assertDiskId(disk);
  if (!Number.isSafeInteger(index) || index < 0) throw new EngineError("invalid", `disk ${disk}: invalid chunk index ${index}`);
}

/** Rejects a batch with a bad index or a chunk of the wrong length, before anything is written. */
export function assertCommittable(disk: string, chunks: ReadonlyMap<number, Uint8Array>, chunkBytes: number): void {
  assertDiskId(disk);
  for (const [index, bytes] of chunks) {
    assertChunkIndex(disk, index);
    if (bytes.length !== chunkBytes) {
      throw new EngineError("invalid", `disk ${disk}: chunk ${index} is ${bytes.length} bytes, expected ${chunkBytes}`);
    }
  }
}

/** The store refused a commit for lack of space (browser quota, full host disk); nothing of it was kept. */
export class DiskFullError extends EngineError {
  constructor(disk: string, cause: unknown) {
    super("system", `no space left on device: could not store disk ${disk} (${cause instanceof Error ? cause.message : String(cause)})`);
    this.cause = cause;
  }
}

/** A stored chunk does not match the checksum stored with it: the storage changed it behind the engine's back. */
export class DiskCorruptError extends EngineError {
  constructor(disk: string, index: number) {
    super("system", `disk ${disk}: chunk ${index} fails its checksum (the stored layer is corrupted)`);
  }
}
