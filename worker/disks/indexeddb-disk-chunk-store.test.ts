import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isEngineError } from "../../src/api/errors.ts";
import { IndexedDbDiskChunkStore } from "./indexeddb-disk-chunk-store.ts";

const chunkBytes = 4096;
const chunk = (value: number) => new Uint8Array(chunkBytes).fill(value);

afterEach(() => vi.restoreAllMocks());

describe("IndexedDbDiskChunkStore", () => {
  it("rejects a commit the quota stops half way as no space left on device, and keeps none of it", async () => {
    const store = new IndexedDbDiskChunkStore("disks-quota", chunkBytes);
    await store.commit("d", new Map([[0, chunk(1)]]));
    const quota = new DOMException("The quota has been exceeded.", "QuotaExceededError");
    const put = IDBObjectStore.prototype.put;
    let chunkPuts = 0;
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(function (this: IDBObjectStore, value, key) {
      if (value instanceof ArrayBuffer && ++chunkPuts === 2) throw quota;
      return put.call(this, value, key);
    });
    const error = await store.commit("d", new Map([[0, chunk(2)], [1, chunk(2)], [2, chunk(2)]])).then(
      () => new Error("the commit did not fail"),
      (reason: unknown) => reason as Error,
    );
    expect(chunkPuts).toBe(2);
    expect(error.message).toBe("no space left on device: could not store disk d (The quota has been exceeded.)");
    expect(error.cause).toBe(quota);
    expect(isEngineError(error) && error.code).toBe("system");
    vi.restoreAllMocks();
    const reopened = new IndexedDbDiskChunkStore("disks-quota", chunkBytes);
    expect(await reopened.read("d", 0)).toEqual(chunk(1));
    expect(await reopened.read("d", 1)).toBeUndefined();
    expect(await reopened.usage("d")).toBe(chunkBytes);
  });
});
