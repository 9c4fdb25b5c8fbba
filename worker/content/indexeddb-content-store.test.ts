import "fake-indexeddb/auto";
import { createStore, del, get } from "idb-keyval";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isEngineError } from "../../src/api/errors.ts";
import { sha256Digest } from "../digest.ts";
import { StorageQuotaError } from "./content-errors.ts";
import { IndexedDbContentStore } from "./indexeddb-content-store.ts";
import { dataKey, ingestKey, type IngestRecord } from "./indexeddb-records.ts";

function bytesOf(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => index % 253);
}

afterEach(() => vi.restoreAllMocks());

describe("IndexedDbContentStore", () => {
  it.each([
    ["QuotaExceededError", "The quota has been exceeded."],
    ["DataError", "Failed to write blobs (IOError)"],
  ])("turns a full store (%s) into a StorageQuotaError, and keeps nothing", async (name, message) => {
    const store = new IndexedDbContentStore("content-quota", 1024);
    const writer = await store.writer("too-big");
    await writer.write(new Uint8Array(1500));
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(function (this: IDBObjectStore, value, key) {
      if (value instanceof ArrayBuffer) throw new DOMException(message, name);
      return put.call(this, value, key);
    });
    const error = await writer.write(new Uint8Array(4096)).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect(isEngineError(error) && error.code).toBe("system");
    expect((error as Error).message).toBe(
      `failed to write ref "too-big": the browser's storage is full (${message}); the ingest was discarded`,
    );
    vi.restoreAllMocks();
    expect(await store.status("too-big")).toBeUndefined();
    const walked: unknown[] = [];
    for await (const info of store.walk()) walked.push(info);
    expect(walked).toEqual([]);
    expect((await store.writer("too-big")).offset).toBe(0);
  });

  it("resumes an ingest cut exactly at a chunk boundary", async () => {
    const data = bytesOf(4096);
    const first = await new IndexedDbContentStore("content-boundary", 1024).writer("cut");
    await first.write(data.subarray(0, 2048));
    const resumed = await new IndexedDbContentStore("content-boundary", 1024).writer("cut");
    expect(resumed.offset).toBe(2048);
    await resumed.write(data.subarray(2048));
    const info = await resumed.commit(data.length, await sha256Digest(data));
    expect(await new IndexedDbContentStore("content-boundary", 1024).read(info.digest)).toEqual(data);
  });

  it("starts an ingest over when its stored chunks are missing", async () => {
    const first = await new IndexedDbContentStore("content-evicted", 1024).writer("evicted");
    await first.write(bytesOf(3000));
    const raw = createStore("content-evicted", "content");
    const record = (await get<IngestRecord>(ingestKey("evicted"), raw))!;
    await del(dataKey(record.dataId, 1), raw);
    const reopened = await new IndexedDbContentStore("content-evicted", 1024).writer("evicted");
    expect(reopened.offset).toBe(0);
    expect(await get(dataKey(record.dataId, 0), raw)).toBeUndefined();
  });
});
