import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LatentStore, randomBytes, readThroughV86, seededRandom, writeThroughV86 } from "../../test/unit/disk-bus-helpers.ts";
import { DiskBus, type DiskBusOptions } from "./disk-bus.ts";
import { ChecksummedDiskChunkStore } from "./checksummed-disk-chunk-store.ts";
import { DiskCorruptError, type DiskChunkStore } from "./disk-chunk-store.ts";
import { MemoryDiskChunkStore } from "./memory-disk-chunk-store.ts";
import { NodeFsDiskChunkStore } from "./node-fs-disk-chunk-store.ts";

const chunkBytes = 8192;
const slotBytes = 32 * chunkBytes;
const geometry = { slotBytes, slotCount: 4, commitIntervalMs: 3_600_000 };
const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-disk-bus-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

function busOver(store: DiskChunkStore, options: DiskBusOptions = {}): DiskBus {
  return new DiskBus(store, { ...geometry, ...options });
}

function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

/** A memory store whose commits wait until `release` is called. */
class GatedStore extends MemoryDiskChunkStore {
  #gate: Promise<void> | undefined;
  release = () => {};

  hold(): void {
    this.#gate = new Promise((resolve) => (this.release = resolve));
  }

  override async commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    await this.#gate;
    return super.commit(disk, chunks);
  }
}

describe("DiskBus", () => {
  it("hands out slots from 1, keeps a disk's slot, and says when all are taken", async () => {
    const bus = busOver(new MemoryDiskChunkStore(chunkBytes));
    expect([bus.attach("a"), bus.attach("b"), bus.attach("a"), bus.attach("c")]).toEqual([1, 2, 1, 3]);
    expect(() => bus.attach("d")).toThrow("cannot attach disk d: all 3 disk slots are in use");
    expect(() => bus.attach("../d")).toThrow("invalid disk id");
    expect([bus.slotOf("b"), bus.slotOf("d")]).toEqual([2, undefined]);
    expect(bus.v86Buffer.byteLength).toBe(4 * slotBytes);
    await bus.close();
  });

  it("reads zeros from a slot without a disk and drops writes to it", async () => {
    const bus = busOver(new MemoryDiskChunkStore(chunkBytes));
    writeThroughV86(bus, 0, filled(1024, 7));
    writeThroughV86(bus, 2 * slotBytes - 512, filled(1024, 7)); // half in slot 1 (empty), half in slot 2 (empty)
    expect(bus.droppedWrites).toBe(3);
    expect(await readThroughV86(bus, 0, 1024)).toEqual(new Uint8Array(1024));
    expect(bus.v86Buffer.get_from_cache(0, 512)).toEqual(new Uint8Array(512));
    await bus.close();
  });

  it("completes a partial write from the stored chunk without waiting for it, on read and on commit", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const base = randomBytes(seededRandom(9), 2 * chunkBytes);
    await busOver(inner).seed("d", [{ offset: 0, bytes: base }]);
    const store = new LatentStore(inner, { random: seededRandom(1), maxDelayMs: 1 });
    const bus = busOver(store);
    const slot = bus.attach("d");
    // One sector in the middle of chunk 0 and one straddling chunks 0 and 1.
    writeThroughV86(bus, slot * slotBytes + 1024, filled(512, 1));
    writeThroughV86(bus, slot * slotBytes + chunkBytes - 512, filled(1024, 2));
    expect(store.readCalls).toBe(0);
    expect(bus.v86Buffer.get_from_cache(slot * slotBytes, 2 * chunkBytes)).toBeUndefined();
    const expected = new Uint8Array(4 * chunkBytes);
    expected.set(base);
    expected.set(filled(512, 1), 1024);
    expected.set(filled(1024, 2), chunkBytes - 512);
    expect(await readThroughV86(bus, slot * slotBytes + 512, 2 * chunkBytes - 512)).toEqual(expected.subarray(512, 2 * chunkBytes));
    expect(bus.v86Buffer.get_from_cache(slot * slotBytes, 2 * chunkBytes)).toEqual(expected.subarray(0, 2 * chunkBytes));
    writeThroughV86(bus, slot * slotBytes + 3 * chunkBytes + 512, filled(512, 3)); // chunk 3: never stored
    expected.set(filled(512, 3), 3 * chunkBytes + 512);
    await bus.flush("d");
    const reloaded = busOver(inner);
    reloaded.attach("d");
    expect(await readThroughV86(reloaded, slot * slotBytes, 4 * chunkBytes)).toEqual(expected);
    await Promise.all([bus.close(), reloaded.close()]);
  });

  it("commits the disk as it was when the commit began; later writes wait for the next commit", async () => {
    const store = new GatedStore(chunkBytes);
    const bus = busOver(store);
    const start = bus.attach("d") * slotBytes;
    writeThroughV86(bus, start, filled(1024, 1));
    store.hold();
    const first = bus.flush("d");
    writeThroughV86(bus, start + 512, filled(512, 2));
    writeThroughV86(bus, start + 5 * chunkBytes, filled(512, 2));
    expect(await readThroughV86(bus, start, 1024)).toEqual(Uint8Array.of(...filled(512, 1), ...filled(512, 2)));
    const second = bus.flush("d");
    store.release();
    store.hold(); // the first commit goes on; the second one waits
    await first;
    const afterFirst = busOver(store);
    afterFirst.attach("d");
    expect(await readThroughV86(afterFirst, start, 1024)).toEqual(filled(1024, 1));
    expect(await readThroughV86(afterFirst, start + 5 * chunkBytes, 512)).toEqual(new Uint8Array(512));
    store.release();
    await second;
    const afterSecond = busOver(store);
    afterSecond.attach("d");
    expect(await readThroughV86(afterSecond, start, 1024)).toEqual(Uint8Array.of(...filled(512, 1), ...filled(512, 2)));
    expect(await readThroughV86(afterSecond, start + 5 * chunkBytes, 512)).toEqual(filled(512, 2));
    await Promise.all([bus.close(), afterFirst.close(), afterSecond.close()]);
  });

  it("keeps writes readable and dirty when the store is full (ENOSPC), and stores them once it is not", async () => {
    const root = join(temporaryRoot, "full");
    const store = new NodeFsDiskChunkStore(root, chunkBytes);
    const errors: string[] = [];
    const bus = busOver(store, { onCommitError: (disk, error) => errors.push(`${disk}: ${error.message}`) });
    await bus.seed("d", [{ offset: 0, bytes: filled(chunkBytes, 9) }]);
    const start = bus.attach("d") * slotBytes;
    writeThroughV86(bus, start + 512, filled(512, 1));
    // The write-ahead file meets a full device; the store deletes it after the failure.
    const fillUp = () => symlinkSync("/dev/full", join(root, "d.wal-new"));
    fillUp();
    await expect(bus.flush("d")).rejects.toThrow("no space left on device");
    writeThroughV86(bus, start + 1024, filled(512, 2));
    fillUp();
    await expect(bus.flush()).rejects.toThrow("no space left on device");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^d: no space left on device: could not store disk d \(ENOSPC/);
    const expected = Uint8Array.of(...filled(512, 9), ...filled(512, 1), ...filled(512, 2), ...filled(512, 9));
    expect(await readThroughV86(bus, start, 2048)).toEqual(expected);
    const meanwhile = busOver(new NodeFsDiskChunkStore(root, chunkBytes));
    meanwhile.attach("d");
    expect(await readThroughV86(meanwhile, start, 2048)).toEqual(filled(2048, 9));
    await bus.detach("d");
    const reloaded = busOver(new NodeFsDiskChunkStore(root, chunkBytes));
    reloaded.attach("d");
    expect(await readThroughV86(reloaded, start, 2048)).toEqual(expected);
    await Promise.all([bus.close(), meanwhile.close(), reloaded.close()]);
  });

  it("answers a read the store fails with zeros for that disk's part, and reports the error", async () => {
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const checked = () => new ChecksummedDiskChunkStore(inner, slotBytes / chunkBytes);
    const last = slotBytes / chunkBytes - 1;
    const seeding = busOver(checked());
    await seeding.seed("bad", [{ offset: 0, bytes: filled(chunkBytes, 1) }, { offset: last * chunkBytes, bytes: filled(chunkBytes, 1) }]);
    await seeding.seed("good", [{ offset: 0, bytes: filled(chunkBytes, 2) }]);
    await seeding.close();
    const corrupted = filled(chunkBytes, 1);
    corrupted[77] = 0;
    await inner.commit("bad", new Map([[last, corrupted]]));
    const errors: [string, Error][] = [];
    const bus = busOver(checked(), { onReadError: (disk, error) => errors.push([disk, error]) });
    const bad = bus.attach("bad");
    expect(bus.attach("good")).toBe(bad + 1);
    // One request across the end of the bad disk's slot and the start of the good one's.
    expect(await readThroughV86(bus, (bad + 1) * slotBytes - 512, 1024)).toEqual(Uint8Array.of(...new Uint8Array(512), ...filled(512, 2)));
    expect(await readThroughV86(bus, bad * slotBytes, 512)).toEqual(filled(512, 1));
    expect(errors.map(([disk]) => disk)).toEqual(["bad"]);
    expect(errors[0]![1]).toBeInstanceOf(DiskCorruptError);
    expect(errors[0]![1].message).toBe(`disk bad: chunk ${last} fails its checksum (the stored layer is corrupted)`);
    await bus.close();
  });

  it("keeps a disk's content when it is detached and attached to another slot", async () => {
    const bus = busOver(new MemoryDiskChunkStore(chunkBytes));
    const data = randomBytes(seededRandom(3), 3 * chunkBytes + 1536);
    const slotA = bus.attach("a");
    bus.attach("b");
    writeThroughV86(bus, slotA * slotBytes + 4608, data);
    await bus.detach("a");
    expect(bus.slotOf("a")).toBeUndefined();
    expect(bus.attach("c")).toBe(slotA);
    expect(await readThroughV86(bus, slotA * slotBytes + 4608, data.length)).toEqual(new Uint8Array(data.length));
    const moved = bus.attach("a");
    expect(moved).toBe(3);
    expect(await readThroughV86(bus, moved * slotBytes + 4608, data.length)).toEqual(data);
    await bus.close();
  });

  it("remove drops unwritten data and the stored disk, and frees the slot", async () => {
    const store = new GatedStore(chunkBytes);
    const bus = busOver(store);
    const slot = bus.attach("d");
    writeThroughV86(bus, slot * slotBytes, filled(3 * chunkBytes, 5));
    await bus.flush();
    expect(await bus.usage("d")).toBe(3 * chunkBytes);
    writeThroughV86(bus, slot * slotBytes + 8 * chunkBytes, filled(512, 6));
    store.hold();
    const inFlight = bus.flush("d");
    writeThroughV86(bus, slot * slotBytes + 9 * chunkBytes, filled(512, 6));
    const removed = bus.remove("d");
    store.release();
    await removed;
    await inFlight;
    expect(await bus.usage("d")).toBe(0);
    expect(await store.disks()).toEqual([]);
    expect(bus.slotOf("d")).toBeUndefined();
    expect(bus.attach("d")).toBe(slot);
    expect(await readThroughV86(bus, slot * slotBytes, 10 * chunkBytes)).toEqual(new Uint8Array(10 * chunkBytes));
    await bus.close();
  });

  it("keeps a removed disk's slot from other disks while the guest holds it, until the guest is gone", async () => {
    const store = new MemoryDiskChunkStore(chunkBytes);
    const bus = busOver(store);
    const held = bus.attach("held");
    bus.attach("other");
    await bus.remove("held", { slotStillHeld: true });
    expect(await store.disks()).toEqual([]);
    writeThroughV86(bus, held * slotBytes, filled(512, 9));
    expect(bus.droppedWrites).toBe(1);
    expect(bus.attach("next")).toBe(3);
    expect(() => bus.attach("more")).toThrow("all 3 disk slots are in use");
    bus.releaseHeldSlots();
    expect(bus.attach("more")).toBe(held);
    expect(await readThroughV86(bus, held * slotBytes, 512)).toEqual(new Uint8Array(512));
    await bus.close();
  });

  it("seeds a disk without a slot, rejecting writes that are not whole sectors", async () => {
    const store = new MemoryDiskChunkStore(chunkBytes);
    const bus = busOver(store);
    await expect(bus.seed("d", [{ offset: 100, bytes: filled(512, 1) }])).rejects.toThrow("not whole sectors");
    await expect(bus.seed("d", [{ offset: slotBytes - 512, bytes: filled(1024, 1) }])).rejects.toThrow("not whole sectors");
    expect(await store.disks()).toEqual([]);
    await bus.seed("d", [{ offset: 1024, bytes: filled(chunkBytes, 4) }]);
    expect(bus.slotOf("d")).toBeUndefined();
    expect(await store.read("d", 1)).toEqual(Uint8Array.of(...filled(1024, 4), ...new Uint8Array(chunkBytes - 1024)));
    await bus.close();
  });

  it("commits on its own every commitIntervalMs, and close commits what is left", async () => {
    const store = new MemoryDiskChunkStore(chunkBytes);
    const bus = busOver(store, { commitIntervalMs: 20 });
    const slot = bus.attach("d");
    writeThroughV86(bus, slot * slotBytes, filled(512, 1));
    await expect.poll(() => store.read("d", 0), { timeout: 2000, interval: 10 }).toBeDefined();
    const closing = busOver(store);
    closing.attach("d");
    writeThroughV86(closing, slot * slotBytes + chunkBytes, filled(512, 2));
    await closing.close();
    expect((await store.read("d", 1))?.subarray(0, 512)).toEqual(filled(512, 2));
    await bus.close();
  });

  it("gives v86 what its buffer contract needs", async () => {
    const bus = busOver(new MemoryDiskChunkStore(chunkBytes));
    let loaded = false;
    bus.v86Buffer.onload = () => (loaded = true);
    bus.v86Buffer.load();
    expect(loaded).toBe(true);
    expect(bus.v86Buffer.get_state()).toBeTruthy();
    const aborted = new AbortController();
    aborted.abort();
    let answered = false;
    bus.v86Buffer.get(0, 512, () => (answered = true), { signal: aborted.signal });
    await readThroughV86(bus, 0, 512);
    expect(answered).toBe(false);
    let written = false;
    bus.v86Buffer.set(slotBytes, filled(512, 1), () => (written = true));
    expect(written).toBe(true);
    await bus.close();
  });
});
