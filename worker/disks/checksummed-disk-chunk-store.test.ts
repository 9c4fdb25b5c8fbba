import { mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isEngineError } from "../../src/api/errors.ts";
import { LatentStore, randomBytes, seededRandom } from "../../test/unit/disk-bus-helpers.ts";
import { chunkChecksum } from "./chunk-checksum.ts";
import { ChecksummedDiskChunkStore } from "./checksummed-disk-chunk-store.ts";
import { DiskCorruptError, type DiskChunkStore } from "./disk-chunk-store.ts";
import { MemoryDiskChunkStore } from "./memory-disk-chunk-store.ts";
import { NodeFsDiskChunkStore } from "./node-fs-disk-chunk-store.ts";

const chunkBytes = 4096;
/** 4 checksum chunks of 1024 checksums each. */
const dataChunks = 4096;
const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-checksummed-disks-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const chunk = (value: number) => new Uint8Array(chunkBytes).fill(value);
const checked = (inner: DiskChunkStore) => new ChecksummedDiskChunkStore(inner, dataChunks);
const fsStore = (root: string) => new NodeFsDiskChunkStore(root, chunkBytes);

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => new Error("it did not fail"),
    (reason: unknown) => reason as Error,
  );
}

async function expectCorrupt(store: DiskChunkStore, disk: string, index: number): Promise<void> {
  const error = await failure(store.read(disk, index));
  expect(error).toBeInstanceOf(DiskCorruptError);
  expect(error.message).toBe(`disk ${disk}: chunk ${index} fails its checksum (the stored layer is corrupted)`);
  expect(isEngineError(error) && error.code).toBe("system");
}

/** Changes one byte of the disk's image file at `offset`. */
function flipByteInImage(root: string, disk: string, offset: number): void {
  const file = openSync(join(root, `${disk}.img`), "r+");
  try {
    const byte = new Uint8Array(1);
    readSync(file, byte, 0, 1, offset);
    byte[0]! ^= 0x10;
    writeSync(file, byte, 0, 1, offset);
  } finally {
    closeSync(file);
  }
}

/** A memory store whose commits are visible at once but acknowledged only on release (IndexedDB may deliver a transaction's completion late). */
class LateAcknowledgingStore extends MemoryDiskChunkStore {
  #acknowledged: Promise<void> | undefined;
  release = () => {};

  hold(): void {
    this.#acknowledged = new Promise((resolve) => (this.release = resolve));
  }

  override async commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    await super.commit(disk, chunks);
    await this.#acknowledged;
  }
}

describe("ChecksummedDiskChunkStore over memory", () => {
  it("stores each chunk's checksum in the same disk after its data chunks, and reads the chunks back", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const store = checked(inner);
    const data = randomBytes(seededRandom(1), chunkBytes);
    await store.commit("d", new Map([[5, data], [1024 + 2, chunk(7)], [6, chunk(0)]]));
    expect(await store.read("d", 5)).toEqual(data);
    expect(await store.read("d", 1026)).toEqual(chunk(7));
    expect(await store.read("d", 6)).toEqual(chunk(0));
    expect(await store.read("d", 7)).toBeUndefined();
    const first = new Uint32Array((await inner.read("d", dataChunks))!.buffer);
    expect(first[5]).toBe(chunkChecksum(data));
    expect(first[7]).toBe(0);
    expect(new Uint32Array((await inner.read("d", dataChunks + 1))!.buffer)[2]).toBe(chunkChecksum(chunk(7)));
    expect(await inner.read("d", dataChunks + 2)).toBeUndefined();
    expect(await store.usage("d")).toBe(5 * chunkBytes);
  });

  it("finds a chunk changed beneath it, and one that appeared where none was written", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const store = checked(inner);
    await store.commit("d", new Map([[0, chunk(1)], [1, chunk(2)]]));
    const changed = chunk(1);
    changed[100] = 3;
    await inner.commit("d", new Map([[0, changed], [9, chunk(4)]]));
    await expectCorrupt(store, "d", 0);
    await expectCorrupt(store, "d", 9);
    expect(await store.read("d", 1)).toEqual(chunk(2));
  });

  it("finds a chunk whose checksum was changed beneath it", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    await checked(inner).commit("d", new Map([[3, chunk(1)]]));
    const checksums = (await inner.read("d", dataChunks))!;
    checksums[3 * 4] ^= 1;
    await inner.commit("d", new Map([[dataChunks, checksums]]));
    await expectCorrupt(checked(inner), "d", 3);
  });

  it("rejects the checksum region and bad batches before writing anything", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const store = checked(inner);
    for (const index of [dataChunks, dataChunks + 1, -1, 0.5]) {
      const error = await failure(store.read("d", index));
      expect(isEngineError(error) && error.code).toBe("invalid");
      const commitError = await failure(store.commit("d", new Map([[0, chunk(1)], [index, chunk(1)]])));
      expect(isEngineError(commitError) && commitError.code).toBe("invalid");
    }
    expect((await failure(store.read("d", dataChunks))).message).toBe(`disk d: chunk index ${dataChunks} is past the disk's ${dataChunks} chunks`);
    await expect(store.commit("d", new Map([[0, chunk(1)], [1, new Uint8Array(512)]]))).rejects.toThrow("expected 4096");
    await expect(store.commit("../d", new Map([[0, chunk(1)]]))).rejects.toThrow("invalid disk id");
    expect(await inner.disks()).toEqual([]);
  });

  it("keeps its checksums as they were when the inner commit fails", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    await checked(inner).commit("d", new Map([[0, chunk(1)]]));
    const refusing = new LatentStore(inner, { random: seededRandom(2), maxDelayMs: 0, failOneIn: 1 });
    const store = checked(refusing);
    expect(await store.read("d", 0)).toEqual(chunk(1)); // its checksums are loaded before the failure
    await expect(store.commit("d", new Map([[0, chunk(2)], [1, chunk(3)]]))).rejects.toThrow("no space left on device");
    expect(await store.read("d", 0)).toEqual(chunk(1));
    expect(await store.read("d", 1)).toBeUndefined();
    // A later commit that gets through rewrites the checksum chunk from the checksums kept.
    await checked(inner).commit("d", new Map([[2, chunk(4)]]));
    const later = checked(inner);
    expect(await later.read("d", 0)).toEqual(chunk(1));
    expect(await later.read("d", 2)).toEqual(chunk(4));
  });

  it("forgets a removed disk's checksums", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const store = checked(inner);
    await store.commit("d", new Map([[0, chunk(1)]]));
    await store.commit("e", new Map([[0, chunk(2)]]));
    expect((await store.disks()).sort()).toEqual(["d", "e"]);
    await store.remove("d");
    expect(await store.disks()).toEqual(["e"]);
    expect(await store.usage("d")).toBe(0);
    expect(await store.read("d", 0)).toBeUndefined();
    await store.commit("d", new Map([[1, chunk(3)]]));
    expect(await checked(inner).read("d", 0)).toBeUndefined();
    expect(await store.read("e", 0)).toEqual(chunk(2));
  });

  it("reads a chunk a running commit already stored, without waiting for the commit", async () => {
    const inner = new LateAcknowledgingStore(chunkBytes);
    const store = checked(inner);
    await store.commit("d", new Map([[0, chunk(1)]]));
    inner.hold();
    let committed = false;
    const commit = store.commit("d", new Map([[0, chunk(2)], [1, chunk(3)]])).then(() => (committed = true));
    await expect.poll(() => inner.read("d", 1)).toEqual(chunk(3));
    expect(await store.read("d", 0)).toEqual(chunk(2));
    expect(await store.read("d", 1)).toEqual(chunk(3));
    expect(committed).toBe(false);
    inner.release();
    await commit;
    expect(await store.read("d", 0)).toEqual(chunk(2));
    expect(await checked(inner).read("d", 1)).toEqual(chunk(3));
  });

  it("never reports a chunk that a commit is changing as corrupted", async () => {
    const random = seededRandom(3);
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const store = checked(new LatentStore(inner, { random, maxDelayMs: 3 }));
    const indices = [0, 1, 1024, 1025];
    const committed = new Map(indices.map((index) => [index, [new Uint8Array(chunkBytes)] as Uint8Array[]]));
    const commits = (async () => {
      for (let round = 0; round < 60; round++) {
        const batch = new Map(indices.filter(() => random(2) === 0).map((index) => [index, randomBytes(random, chunkBytes)]));
        for (const [index, bytes] of batch) committed.get(index)!.push(bytes);
        await store.commit("d", batch);
      }
    })();
    let finished = false;
    void commits.finally(() => (finished = true));
    const reads = Array.from({ length: 4 }, async () => {
      let count = 0;
      while (!finished) {
        const index = indices[random(indices.length)]!;
        const bytes = (await store.read("d", index)) ?? new Uint8Array(chunkBytes);
        expect(committed.get(index)!.some((version) => version.every((byte, at) => byte === bytes[at]))).toBe(true);
        count++;
      }
      return count;
    });
    await commits;
    const counts = await Promise.all(reads);
    expect(counts.reduce((sum, count) => sum + count)).toBeGreaterThan(100);
  });
});

describe("ChecksummedDiskChunkStore over the filesystem", () => {
  it("keeps checksums across a restart and finds a byte corrupted in the image file", async () => {
    const root = join(temporaryRoot, "corrupt");
    const data = randomBytes(seededRandom(4), chunkBytes);
    await checked(fsStore(root)).commit("d", new Map([[0, chunk(1)], [2, data], [3, chunk(0)], [1030, chunk(5)]]));
    const restarted = checked(fsStore(root));
    expect(await restarted.read("d", 0)).toEqual(chunk(1));
    expect(await restarted.read("d", 2)).toEqual(data);
    expect(await restarted.read("d", 3)).toBeUndefined(); // written as zeros, which the filesystem store answers as never written
    expect(await restarted.read("d", 1)).toBeUndefined();
    expect(await restarted.read("d", 1030)).toEqual(chunk(5));
    flipByteInImage(root, "d", 2 * chunkBytes + 1234);
    await expectCorrupt(checked(fsStore(root)), "d", 2);
    flipByteInImage(root, "d", 3 * chunkBytes + 7); // the zero chunk gains a bit
    flipByteInImage(root, "d", 1 * chunkBytes + 7); // so does one never written
    const again = checked(fsStore(root));
    await expectCorrupt(again, "d", 3);
    await expectCorrupt(again, "d", 1);
    expect(await again.read("d", 0)).toEqual(chunk(1));
  });

  it("finds a chunk the image lost (now zeros) and a checksum corrupted in the image", async () => {
    const root = join(temporaryRoot, "lost");
    await checked(fsStore(root)).commit("d", new Map([[0, chunk(1)], [1, chunk(2)]]));
    const file = openSync(join(root, "d.img"), "r+");
    writeSync(file, new Uint8Array(chunkBytes), 0, chunkBytes, 0);
    closeSync(file);
    flipByteInImage(root, "d", dataChunks * chunkBytes + 4 * 1 + 2);
    const restarted = checked(fsStore(root));
    await expectCorrupt(restarted, "d", 0);
    await expectCorrupt(restarted, "d", 1);
  });

  it("keeps its checksums as they were when the store is full, and commits them once it is not", async () => {
    const root = join(temporaryRoot, "full");
    const store = checked(fsStore(root));
    await store.commit("d", new Map([[0, chunk(1)]]));
    symlinkSync("/dev/full", join(root, "d.wal-new"));
    await expect(store.commit("d", new Map([[0, chunk(2)], [1, chunk(3)]]))).rejects.toThrow("no space left on device");
    expect(await store.read("d", 0)).toEqual(chunk(1));
    expect(await store.read("d", 1)).toBeUndefined();
    await store.commit("d", new Map([[1, chunk(3)]]));
    const restarted = checked(fsStore(root));
    expect(await restarted.read("d", 0)).toEqual(chunk(1));
    expect(await restarted.read("d", 1)).toEqual(chunk(3));
  });

  it("never reports a chunk that a commit is changing as corrupted", async () => {
    const random = seededRandom(5);
    const store = checked(new LatentStore(fsStore(join(temporaryRoot, "race")), { random, maxDelayMs: 2 }));
    const commits = (async () => {
      for (let round = 0; round < 30; round++) await store.commit("d", new Map([[round % 3, chunk(1 + (round % 200))]]));
    })();
    let finished = false;
    void commits.finally(() => (finished = true));
    const reads = Array.from({ length: 3 }, async () => {
      let count = 0;
      while (!finished) {
        const bytes = await store.read("d", random(3));
        if (bytes) expect(bytes.every((byte) => byte === bytes[0])).toBe(true);
        count++;
      }
      return count;
    });
    await commits;
    expect((await Promise.all(reads)).reduce((sum, count) => sum + count)).toBeGreaterThan(30);
  });
});
