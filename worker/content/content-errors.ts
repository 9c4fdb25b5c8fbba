// Docker/containerd-style errors shared by the content store backends.

import { EngineError } from "../../src/api/errors.ts";
import { SHA256_DIGEST } from "../digest.ts";

export function blobNotFound(digest: string): EngineError {
  return new EngineError("not-found", `content digest ${digest}: not found`);
}

/** Another writer holds the ingest (another pull of the same blob); it is worth waiting for. */
export class RefLockedError extends EngineError {
  constructor(ref: string) {
    super("unavailable", `ref ${JSON.stringify(ref)} locked: another writer is open: unavailable`);
  }
}

export function refLocked(ref: string): EngineError {
  return new RefLockedError(ref);
}

export function writerClosed(ref: string): EngineError {
  return new EngineError("invalid", `writer for ref ${JSON.stringify(ref)} is already committed or aborted`);
}

/** The storage refused more bytes (quota or disk full); the ingest was discarded. */
export class StorageQuotaError extends EngineError {
  constructor(
    readonly ref: string,
    readonly reason: string,
  ) {
    super("system", `failed to write ref ${JSON.stringify(ref)}: the browser's storage is full (${reason}); the ingest was discarded`);
  }
}

export function assertDigest(digest: string): void {
  if (!SHA256_DIGEST.test(digest)) throw new EngineError("invalid", `invalid digest ${JSON.stringify(digest)}: expected sha256:<64 hex>`);
}

export function assertRef(ref: string): void {
  if (ref.length === 0) throw new EngineError("invalid", "content ref must not be empty");
}

/** Throws unless the ingested bytes match what the caller expects. */
export function verifyCommit(ref: string, size: number, digest: string, expectedSize: number, expectedDigest: string): void {
  const failed = (reason: string): EngineError =>
    new EngineError("invalid", `failed commit on ref ${JSON.stringify(ref)}: ${reason}: failed precondition`);
  if (size !== expectedSize) throw failed(`unexpected commit size ${size}, expected ${expectedSize}`);
  if (digest !== expectedDigest) throw failed(`unexpected commit digest ${digest}, expected ${expectedDigest}`);
}
