// A content-addressed blob store. Lifecycle of a blob:
// - ingest: `writer(ref)` opens (or resumes) the ingest named `ref`. A ref already holding bytes from
//   an interrupted ingest, e.g. before a page reload, resumes at `offset`: the caller sends the rest.
// - `write` appends bytes; the sha256 is computed incrementally as they arrive.
// - `commit(expectedSize, expectedDigest)` verifies size and digest and only then makes the blob
//   visible under its digest, in one atomic step. Unverified or partial bytes are never visible.
//   Any commit closes the writer; a failed one keeps the ingest until a new writer aborts it.
// - `abort` discards the ingest. `delete` removes a committed blob. `walk` lists committed blobs.
// One ref has at most one open writer per store instance; a second one fails as unavailable.

export interface ContentInfo {
  /** "sha256:<hex>" */
  digest: string;
  size: number;
  /** ISO 8601 */
  committedAt: string;
}

export interface IngestStatus {
  ref: string;
  /** Bytes already stored: where a resumed writer continues. */
  offset: number;
  /** ISO 8601 */
  updatedAt: string;
}

export interface ContentWriter {
  readonly ref: string;
  readonly offset: number;
  /** Await each write before the next. */
  write(chunk: Uint8Array): Promise<void>;
  commit(expectedSize: number, expectedDigest: string): Promise<ContentInfo>;
  abort(): Promise<void>;
}

export interface ContentStore {
  info(digest: string): Promise<ContentInfo | undefined>;
  /** Fails as not-found when the blob is not committed. */
  read(digest: string): Promise<Uint8Array>;
  writer(ref: string): Promise<ContentWriter>;
  /** The stored progress of an ingest, or undefined when none is under way. */
  status(ref: string): Promise<IngestStatus | undefined>;
  /** Fails as not-found when the blob is not committed. */
  delete(digest: string): Promise<void>;
  walk(): AsyncIterable<ContentInfo>;
}
