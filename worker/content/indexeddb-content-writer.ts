// One ingest into the IndexedDB content store. Every write stores its chunks together with the new
// offset in one transaction, so after a reload the stored offset always matches the stored bytes.

import { delMany, get, promisifyRequest, set, setMany, type UseStore } from "idb-keyval";
import { StorageQuotaError, verifyCommit, writerClosed } from "./content-errors.ts";
import type { ContentInfo, ContentWriter } from "./content-store.ts";
import {
  blobKey,
  chunkCountOf,
  dataKey,
  dataKeys,
  ingestKey,
  isStorageFull,
  type BlobRecord,
  type IngestRecord,
} from "./indexeddb-records.ts";
import { Sha256 } from "./sha256.ts";

export interface IngestContext {
  store: UseStore;
  chunkBytes: number;
  /** Called once the writer is committed or aborted. */
  release: () => void;
}

export class IndexedDbContentWriter implements ContentWriter {
  #record: IngestRecord;
  /** The stored bytes of the last, partly filled chunk. */
  #tail: Uint8Array;
  readonly #hash: Sha256;
  #closed = false;

  private constructor(
    private readonly context: IngestContext,
    record: IngestRecord,
    tail: Uint8Array,
    hash: Sha256,
  ) {
    this.#record = record;
    this.#tail = tail;
    this.#hash = hash;
  }

  /** Starts the ingest for `ref`, or resumes it by rehashing the bytes already stored. */
  static async open(context: IngestContext, ref: string): Promise<IndexedDbContentWriter> {
    const stored = await get<IngestRecord>(ingestKey(ref), context.store);
    if (stored) {
      const writer = await IndexedDbContentWriter.#resume(context, stored);
      if (writer) return writer;
      // Chunks missing (storage evicted or edited by hand): the bytes cannot be trusted, start over.
      await delMany([ingestKey(ref), ...dataKeys(stored.dataId, chunkCountOf(stored.offset, context.chunkBytes))], context.store);
    }
    const record: IngestRecord = { ref, offset: 0, dataId: crypto.randomUUID(), updatedAt: new Date().toISOString() };
    await set(ingestKey(ref), record, context.store);
    return new IndexedDbContentWriter(context, record, new Uint8Array(0), new Sha256());
  }

  static async #resume(context: IngestContext, record: IngestRecord): Promise<IndexedDbContentWriter | undefined> {
    const hash = new Sha256();
    let tail = new Uint8Array(0);
    for (let index = 0; index < chunkCountOf(record.offset, context.chunkBytes); index++) {
      const chunk = await get<ArrayBuffer>(dataKey(record.dataId, index), context.store);
      if (!chunk) return undefined;
      tail = new Uint8Array(chunk);
      hash.update(tail);
    }
    if (tail.length === context.chunkBytes) tail = new Uint8Array(0);
    return new IndexedDbContentWriter(context, record, tail, hash);
  }

  get ref(): string {
    return this.#record.ref;
  }

  get offset(): number {
    return this.#record.offset;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#assertOpen();
    if (chunk.length === 0) return;
    const { chunkBytes, store } = this.context;
    // Rewrite the partly filled last chunk together with the new bytes, starting at its boundary.
    const combined = new Uint8Array(this.#tail.length + chunk.length);
    combined.set(this.#tail);
    combined.set(chunk, this.#tail.length);
    const firstIndex = Math.floor(this.offset / chunkBytes);
    const entries: [IDBValidKey, unknown][] = [];
    for (let start = 0; start < combined.length; start += chunkBytes) {
      entries.push([dataKey(this.#record.dataId, firstIndex + start / chunkBytes), combined.slice(start, start + chunkBytes).buffer]);
    }
    const record: IngestRecord = { ...this.#record, offset: this.offset + chunk.length, updatedAt: new Date().toISOString() };
    entries.push([ingestKey(this.ref), record]);
    try {
      await setMany(entries, store);
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      await this.abort().catch(() => undefined);
      throw new StorageQuotaError(this.ref, error instanceof Error ? error.message : String(error));
    }
    this.#hash.update(chunk);
    this.#record = record;
    const tailLength = combined.length % chunkBytes;
    this.#tail = combined.slice(combined.length - tailLength);
  }

  /**
   * Verifies, then in one transaction records the blob and drops the ingest. The ref stays locked
   * until then, so a writer waiting for it never meets an ingest on its way out.
   */
  async commit(expectedSize: number, expectedDigest: string): Promise<ContentInfo> {
    this.#assertOpen();
    this.#closed = true;
    try {
      const { dataId, offset: size } = this.#record;
      const digest = this.#hash.digest();
      verifyCommit(this.ref, size, digest, expectedSize, expectedDigest);
      const chunkCount = chunkCountOf(size, this.context.chunkBytes);
      const blob: BlobRecord = { digest, size, committedAt: new Date().toISOString(), dataId, chunkCount };
      await this.context.store("readwrite", (objects) => {
        const existing = objects.get(blobKey(digest));
        existing.onsuccess = () => {
          // The same content committed before: keep the first copy and drop this one's chunks.
          if (existing.result) for (const key of dataKeys(dataId, chunkCount)) objects.delete(key);
          else objects.put(blob, blobKey(digest));
          objects.delete(ingestKey(this.ref));
        };
        return promisifyRequest(objects.transaction);
      });
      const committed = (await get<BlobRecord>(blobKey(digest), this.context.store))!;
      return { digest, size, committedAt: committed.committedAt };
    } finally {
      this.context.release();
    }
  }

  async abort(): Promise<void> {
    this.#assertOpen();
    this.#closed = true;
    try {
      const { dataId, offset } = this.#record;
      await delMany([ingestKey(this.ref), ...dataKeys(dataId, chunkCountOf(offset, this.context.chunkBytes))], this.context.store);
    } finally {
      this.context.release();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw writerClosed(this.ref);
  }

}
