// What the IndexedDB content store keeps, and under which keys. Data lives in fixed-size chunks under
// an id of its own, so committing an ingest only swaps small records; no bytes are copied.

export interface IngestRecord {
  ref: string;
  offset: number;
  dataId: string;
  updatedAt: string;
}

export interface BlobRecord {
  digest: string;
  size: number;
  committedAt: string;
  dataId: string;
  chunkCount: number;
}

export const blobKey = (digest: string): IDBValidKey => ["blob", digest];
export const ingestKey = (ref: string): IDBValidKey => ["ingest", ref];
export const dataKey = (dataId: string, index: number): IDBValidKey => ["data", dataId, index];

/** Every blob key: arrays compare element by element, and any array sorts after any string. */
export function blobKeyRange(): IDBKeyRange {
  return IDBKeyRange.bound(["blob"], ["blob", []]);
}

export function dataKeys(dataId: string, chunkCount: number): IDBValidKey[] {
  return Array.from({ length: chunkCount }, (_, index) => dataKey(dataId, index));
}

export function chunkCountOf(byteLength: number, chunkBytes: number): number {
  return Math.ceil(byteLength / chunkBytes);
}

/**
 * True when IndexedDB refused a write for lack of space: the quota (QuotaExceededError), or a full
 * disk, which Chromium reports as a DataError "Failed to write blobs (IOError)" from its blob writer
 * or as an UnknownError from its database writer.
 */
export function isStorageFull(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === "QuotaExceededError" || name === "UnknownError" || (typeof message === "string" && message.includes("(IOError)"));
}
