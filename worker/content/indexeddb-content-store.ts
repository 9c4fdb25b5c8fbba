// The content store in IndexedDB (through idb-keyval), for the browser worker. Layout and atomicity:
// see indexeddb-records.ts and indexeddb-content-writer.ts.

import { createStore, delMany, get, getMany, promisifyRequest, type UseStore } from "idb-keyval";
import { assertDigest, assertRef, blobNotFound } from "./content-errors.ts";
import type { ContentInfo, ContentStore, ContentWriter, IngestStatus } from "./content-store.ts";
import { IndexedDbContentWriter } from "./indexeddb-content-writer.ts";
import { blobKey, blobKeyRange, dataKeys, ingestKey, type BlobRecord, type IngestRecord } from "./indexeddb-records.ts";
import { RefLocks } from "./ref-locks.ts";

const defaultChunkBytes = 1024 * 1024;

function infoOf(blob: BlobRecord): ContentInfo {
  return { digest: blob.digest, size: blob.size, committedAt: blob.committedAt };
}

export class IndexedDbContentStore implements ContentStore {
  readonly #store: UseStore;
  readonly #locks = new RefLocks();

  constructor(
    databaseName = "berth-content",
    private readonly chunkBytes = defaultChunkBytes,
  ) {
    this.#store = createStore(databaseName, "content");
  }

  async info(digest: string): Promise<ContentInfo | undefined> {
    const blob = await this.#blob(digest);
    return blob && infoOf(blob);
  }

  async read(digest: string): Promise<Uint8Array> {
    const blob = await this.#blob(digest);
    if (!blob) throw blobNotFound(digest);
    // One getMany is one transaction, so a concurrent delete cannot tear the read.
    const chunks = await getMany<ArrayBuffer | undefined>(dataKeys(blob.dataId, blob.chunkCount), this.#store);
    if (chunks.some((chunk) => !chunk)) throw blobNotFound(digest);
    const data = new Uint8Array(blob.size);
    let position = 0;
    for (const chunk of chunks as ArrayBuffer[]) {
      data.set(new Uint8Array(chunk), position);
      position += chunk.byteLength;
    }
    return data;
  }

  async writer(ref: string): Promise<ContentWriter> {
    assertRef(ref);
    this.#locks.acquire(ref);
    const context = { store: this.#store, chunkBytes: this.chunkBytes, release: () => this.#locks.release(ref) };
    try {
      return await IndexedDbContentWriter.open(context, ref);
    } catch (error) {
      context.release();
      throw error;
    }
  }

  async status(ref: string): Promise<IngestStatus | undefined> {
    const record = await get<IngestRecord>(ingestKey(ref), this.#store);
    return record && { ref: record.ref, offset: record.offset, updatedAt: record.updatedAt };
  }

  async delete(digest: string): Promise<void> {
    const blob = await this.#blob(digest);
    if (!blob) throw blobNotFound(digest);
    await delMany([blobKey(digest), ...dataKeys(blob.dataId, blob.chunkCount)], this.#store);
  }

  async *walk(): AsyncIterable<ContentInfo> {
    const blobs = await this.#store("readonly", (objects) => promisifyRequest<BlobRecord[]>(objects.getAll(blobKeyRange())));
    for (const blob of blobs) yield infoOf(blob);
  }

  async #blob(digest: string): Promise<BlobRecord | undefined> {
    assertDigest(digest);
    return get<BlobRecord>(blobKey(digest), this.#store);
  }
}
