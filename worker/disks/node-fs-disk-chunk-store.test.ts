import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NodeFsDiskChunkStore } from "./node-fs-disk-chunk-store.ts";
import { encodeWal } from "./node-disk-wal.ts";

const chunkBytes = 4096;
const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-fs-disks-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const chunk = (value: number) => new Uint8Array(chunkBytes).fill(value);

/** A directory holding disk "d" with chunk 0 = 1s, committed by a store that is then dropped. */
async function storedDisk(name: string): Promise<string> {
  const root = join(temporaryRoot, name);
  await new NodeFsDiskChunkStore(root, chunkBytes).commit("d", new Map([[0, chunk(1)]]));
  return root;
}

describe("NodeFsDiskChunkStore after a crash", () => {
  it("discards a write-ahead file the crash left incomplete", async () => {
    const root = await storedDisk("incomplete");
    writeFileSync(join(root, "d.wal-new"), encodeWal([{ offset: 0, bytes: chunk(2) }]));
    const store = new NodeFsDiskChunkStore(root, chunkBytes);
    expect(await store.read("d", 0)).toEqual(chunk(1));
    expect(readdirSync(root)).toEqual(["d.img"]);
  });

  it("replays a complete write-ahead file the crash left unapplied, also for a disk without an image yet", async () => {
    const root = await storedDisk("complete");
    writeFileSync(join(root, "d.wal"), encodeWal([{ offset: 0, bytes: chunk(2) }, { offset: 5 * chunkBytes, bytes: chunk(3) }]));
    writeFileSync(join(root, "e.wal"), encodeWal([{ offset: chunkBytes, bytes: chunk(4) }]));
    const store = new NodeFsDiskChunkStore(root, chunkBytes);
    expect((await store.disks()).sort()).toEqual(["d", "e"]);
    expect(await store.read("d", 0)).toEqual(chunk(2));
    expect(await store.read("d", 5)).toEqual(chunk(3));
    expect(await store.read("e", 1)).toEqual(chunk(4));
    expect(readdirSync(root).sort()).toEqual(["d.img", "e.img"]);
  });

  it("ignores a .wal file that is not whole", async () => {
    const root = await storedDisk("torn");
    writeFileSync(join(root, "d.wal"), encodeWal([{ offset: 0, bytes: chunk(2) }]).subarray(0, 100));
    const store = new NodeFsDiskChunkStore(root, chunkBytes);
    expect(await store.read("d", 0)).toEqual(chunk(1));
    expect(existsSync(join(root, "d.wal"))).toBe(false);
  });
});

describe("NodeFsDiskChunkStore on a full device", () => {
  it("rejects a commit whose write-ahead file does not fit, and keeps the old content", async () => {
    const root = await storedDisk("full-wal");
    const store = new NodeFsDiskChunkStore(root, chunkBytes);
    expect(await store.read("d", 0)).toEqual(chunk(1)); // started: a .wal-new from now on is this store's own
    symlinkSync("/dev/full", join(root, "d.wal-new"));
    const error = await store.commit("d", new Map([[0, chunk(2)], [1, chunk(2)]])).then(
      () => new Error("the commit did not fail"),
      (reason: unknown) => reason as Error,
    );
    expect(error.message).toMatch(/^no space left on device: could not store disk d \(ENOSPC/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOSPC");
    expect(await store.read("d", 0)).toEqual(chunk(1));
    expect(await store.read("d", 1)).toBeUndefined();
    expect(readdirSync(root)).toEqual(["d.img"]);
  });

  it("keeps a commit it could not apply to the image, and applies it once there is room", async () => {
    const root = await storedDisk("full-image");
    const store = new NodeFsDiskChunkStore(root, chunkBytes);
    renameSync(join(root, "d.img"), join(root, "d.img.saved"));
    symlinkSync("/dev/full", join(root, "d.img"));
    await expect(store.commit("d", new Map([[0, chunk(2)], [3, chunk(3)]]))).rejects.toThrow("no space left on device");
    await expect(store.read("d", 0)).rejects.toThrow("no space left on device");
    unlinkSync(join(root, "d.img"));
    renameSync(join(root, "d.img.saved"), join(root, "d.img"));
    expect(await store.read("d", 0)).toEqual(chunk(2));
    expect(await store.read("d", 3)).toEqual(chunk(3));
    expect(readdirSync(root)).toEqual(["d.img"]);
  });

  it("creates its directory on first use", async () => {
    const root = join(temporaryRoot, "nested", "disks");
    const store = new NodeFsDiskChunkStore(root, chunkBytes);
    expect(await store.disks()).toEqual([]);
    await store.commit("d", new Map([[0, chunk(5)]]));
    expect(await store.disks()).toEqual(["d"]);
  });
});
