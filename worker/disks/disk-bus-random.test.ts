// DiskBus against a plain model image under random writes, reads and flushes at odd sector offsets,
// over a store with random latency and random commit failures. Every commit the store accepts must
// be the guest's disk at one instant (a prefix of its writes), and a new bus over the same store
// (a page reload) must read the model.

import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { LatentStore, randomBytes, readThroughV86, seededRandom, writeThroughV86 } from "../../test/unit/disk-bus-helpers.ts";
import { DiskBus } from "./disk-bus.ts";
import { MemoryDiskChunkStore } from "./memory-disk-chunk-store.ts";

const chunkBytes = 4096;
const slotBytes = 16 * chunkBytes;
const slotCount = 4;
const busBytes = slotBytes * slotCount;
/** Slot 1 holds disk a, slot 2 disk b; slots 0 and 3 stay empty. */
const diskOfSlot = [undefined, "a", "b", undefined];

const equal = (left: Uint8Array, right: Uint8Array) => Buffer.from(left.buffer, left.byteOffset, left.length).equals(right);

interface Recorder {
  /** Each disk's image after each write that changed it, oldest first. */
  history: Map<string, Uint8Array[]>;
  /** What the store holds for each disk, from the batches it accepted. */
  stored: Map<string, Uint8Array>;
  /** Per disk, the history entry the last accepted batch matched. */
  matched: Map<string, number>;
  violations: string[];
}

function recorder(): Recorder {
  const zeros = () => new Uint8Array(slotBytes);
  return {
    history: new Map([["a", [zeros()]], ["b", [zeros()]]]),
    stored: new Map([["a", zeros()], ["b", zeros()]]),
    matched: new Map([["a", 0], ["b", 0]]),
    violations: [],
  };
}

/** Checks that the store now holds a state the disk had, no older than the last one it held. */
function checkPrefix(record: Recorder, disk: string, chunks: ReadonlyMap<number, Uint8Array>): void {
  const stored = record.stored.get(disk)!;
  for (const [index, bytes] of chunks) stored.set(bytes, index * chunkBytes);
  const history = record.history.get(disk)!;
  const from = record.matched.get(disk)!;
  const at = history.findIndex((image, index) => index >= from && equal(image, stored));
  if (at < 0) record.violations.push(`disk ${disk}: a commit holds no state the disk had since write ${from}`);
  else record.matched.set(disk, at);
}

async function flushUntilStored(bus: DiskBus): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await bus.flush();
    } catch (error) {
      if (attempt > 50) throw error;
    }
  }
}

describe("DiskBus under random operations", () => {
  it.each([1, 2, 3, 4])("matches a model image and commits only prefixes (seed %i)", async (seed) => {
    const random = seededRandom(seed);
    const record = recorder();
    const inner = new MemoryDiskChunkStore(chunkBytes);
    const store = new LatentStore(inner, { random, maxDelayMs: 2, failOneIn: 5, onCommitted: (disk, chunks) => checkPrefix(record, disk, chunks) });
    let commitErrors = 0;
    const bus = new DiskBus(store, { slotBytes, slotCount, commitIntervalMs: 3_600_000, cleanCacheBytes: 3 * chunkBytes, onCommitError: () => commitErrors++ });
    expect([bus.attach("a"), bus.attach("b")]).toEqual([1, 2]);
    const model = new Uint8Array(busBytes);
    let droppedPieces = 0;
    const flushes: Promise<unknown>[] = [];

    for (let step = 0; step < 400; step++) {
      const operation = random(10);
      const startSector = random(busBytes / 512);
      const sectors = Math.min(1 + random(40), busBytes / 512 - startSector);
      const start = startSector * 512;
      const length = sectors * 512;
      if (operation < 5) {
        const data = randomBytes(random, length);
        for (let slot = Math.floor(start / slotBytes); slot * slotBytes < start + length; slot++) {
          const disk = diskOfSlot[slot];
          if (!disk) {
            droppedPieces++;
            continue;
          }
          const from = Math.max(start, slot * slotBytes);
          const to = Math.min(start + length, (slot + 1) * slotBytes);
          model.set(data.subarray(from - start, to - start), from);
          record.history.get(disk)!.push(model.slice(slot * slotBytes, (slot + 1) * slotBytes));
        }
        writeThroughV86(bus, start, data);
      } else if (operation < 8) {
        const read = await readThroughV86(bus, start, length);
        expect(equal(read, model.subarray(start, start + length)), `read of ${length} bytes at ${start}, step ${step}`).toBe(true);
      } else {
        flushes.push(bus.flush().catch(() => "failed"));
      }
    }

    await Promise.all(flushes);
    await flushUntilStored(bus);
    expect(record.violations).toEqual([]);
    expect(commitErrors).toBeGreaterThan(0);
    expect(bus.droppedWrites).toBe(droppedPieces);

    const reloaded = new DiskBus(inner, { slotBytes, slotCount });
    expect([reloaded.attach("a"), reloaded.attach("b")]).toEqual([1, 2]);
    expect(equal(await readThroughV86(reloaded, 0, busBytes), model)).toBe(true);
    await Promise.all([bus.close(), reloaded.close()]);
  });
});
