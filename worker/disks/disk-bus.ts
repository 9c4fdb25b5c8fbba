// Every container's disk behind one virtual IDE disk of v86 (`hda`). Its address space is cut into
// fixed slots; an attached disk occupies one slot, which the guest sees as a partition at byte
// slot × slotBytes holding an ext4 filesystem. Slot 0 is never handed out (it holds the disk's first
// sector, which v86 reads for the geometry). Each disk's bytes go through a DiskWriteBack (writes
// kept in memory, committed every commitIntervalMs and on flush) to the DiskChunkStore.

import { EngineError } from "../../src/api/errors.ts";
import { concatBytes } from "../concat-bytes.ts";
import { piecesOf } from "./byte-ranges.ts";
import { CleanChunkCache } from "./clean-chunk-cache.ts";
import { assertDiskId, type DiskChunkStore } from "./disk-chunk-store.ts";
import { DiskWriteBack } from "./disk-write-back.ts";
import { sectorBytes } from "./dirty-chunk.ts";
import { V86DiskBuffer, type DiskAddressSpace } from "./v86-disk-buffer.ts";

export interface DiskBusOptions {
  /** The most one disk holds (defaultSlotBytes, 8 GiB); a multiple of the store's chunk size. */
  slotBytes?: number;
  /** Slots on the bus (128), slot 0 included. */
  slotCount?: number;
  /** How often writes are committed (1000 ms). */
  commitIntervalMs?: number;
  /** Memory for committed chunks, shared by all disks (32 MiB). */
  cleanCacheBytes?: number;
  /** A commit failed; its writes stay in memory and go with the next commit. Default: a warning. */
  onCommitError?: (disk: string, error: Error) => void;
  /**
   * Reading a disk from the store failed (a DiskCorruptError when a chunk fails its checksum); the
   * guest gets zeros for that part, since an unanswered request would stall the IDE channel every
   * disk shares. Default: a warning.
   */
  onReadError?: (disk: string, error: Error) => void;
}

export interface SeedWrite {
  /** Byte offset in the disk, a multiple of 512. */
  offset: number;
  /** A multiple of 512 bytes. */
  bytes: Uint8Array;
}

/** A slot whose removed disk's partition the guest still holds (no disk id looks like it). */
const heldSlot = "(held)";

/** The most one disk holds, unless the bus is told otherwise. */
export const defaultSlotBytes = 8 * 1024 ** 3;

const warn = (what: string) => (disk: string, error: Error) => console.warn(`berth: ${what} disk ${disk}:`, error);

export class DiskBus {
  readonly v86Buffer: V86DiskBuffer;
  readonly slotBytes: number;
  readonly slotCount: number;
  readonly #store: DiskChunkStore;
  readonly #cache: CleanChunkCache;
  readonly #onCommitError: (disk: string, error: Error) => void;
  readonly #onReadError: (disk: string, error: Error) => void;
  /** The disk in each slot; `heldSlot` where the guest still holds a removed disk's partition. */
  readonly #slots: (string | undefined)[];
  /** Attached disks, and detached ones with writes still on their way to the store. */
  readonly #disks = new Map<string, DiskWriteBack>();
  readonly #timer: ReturnType<typeof setInterval>;
  #droppedWrites = 0;

  constructor(store: DiskChunkStore, options: DiskBusOptions = {}) {
    this.#store = store;
    this.slotBytes = options.slotBytes ?? defaultSlotBytes;
    this.slotCount = options.slotCount ?? 128;
    if (store.chunkBytes % sectorBytes !== 0 || this.slotBytes % store.chunkBytes !== 0 || this.slotCount < 2) {
      throw new Error(`disk bus: ${this.slotCount} slots of ${this.slotBytes} bytes do not fit chunks of ${store.chunkBytes} bytes`);
    }
    this.#cache = new CleanChunkCache(options.cleanCacheBytes ?? 32 * 1024 * 1024);
    this.#onCommitError = options.onCommitError ?? warn("could not store");
    this.#onReadError = options.onReadError ?? warn("could not read");
    this.#slots = new Array<string | undefined>(this.slotCount).fill(undefined);
    this.v86Buffer = new V86DiskBuffer(this.#addressSpace());
    this.#timer = setInterval(() => this.#commitAll(), options.commitIntervalMs ?? 1000);
    // Under Node, the timer must not keep the process alive.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Guest writes to slots without a disk, which were dropped. */
  get droppedWrites(): number {
    return this.#droppedWrites;
  }

  /** Puts the disk in a free slot and returns the slot (its slot already, when attached). */
  attach(disk: string): number {
    assertDiskId(disk);
    const attached = this.slotOf(disk);
    if (attached !== undefined) return attached;
    const slot = this.#slots.findIndex((holder, index) => index > 0 && holder === undefined);
    if (slot < 0) throw new EngineError("unavailable", `cannot attach disk ${disk}: all ${this.slotCount - 1} disk slots are in use`);
    this.#writeBack(disk);
    this.#slots[slot] = disk;
    return slot;
  }

  /** The guest is gone, and with it every partition it held. */
  releaseHeldSlots(): void {
    this.#slots.forEach((holder, slot) => {
      if (holder === heldSlot) this.#slots[slot] = undefined;
    });
  }

  slotOf(disk: string): number | undefined {
    const slot = this.#slots.indexOf(disk);
    return slot < 0 ? undefined : slot;
  }

  /** Commits the disk's writes, then frees its slot. */
  async detach(disk: string): Promise<void> {
    const writeBack = this.#disks.get(disk);
    while (writeBack?.busy) await writeBack.flush();
    // Nothing yields between the last check and here, so no write can slip in between.
    const slot = this.slotOf(disk);
    if (slot !== undefined) this.#slots[slot] = undefined;
    this.#disks.delete(disk);
  }

  /** Resolves once every write made so far (to `disk`, or to all disks) is committed. */
  async flush(disk?: string): Promise<void> {
    const writeBacks = disk === undefined ? [...this.#disks.values()] : [this.#disks.get(disk)];
    await Promise.all(writeBacks.map((writeBack) => writeBack?.flush()));
  }

  /**
   * Writes the initial content of a new disk (a filesystem template) and commits it. If the commit
   * fails the writes stay pending, retried like any commit, until the disk is removed.
   */
  async seed(disk: string, writes: readonly SeedWrite[]): Promise<void> {
    assertDiskId(disk);
    for (const { offset, bytes } of writes) {
      if (offset % sectorBytes !== 0 || bytes.length % sectorBytes !== 0 || offset < 0 || offset + bytes.length > this.slotBytes) {
        throw new EngineError("invalid", `disk ${disk}: a seed write of ${bytes.length} bytes at ${offset} is not whole sectors within ${this.slotBytes} bytes`);
      }
    }
    const writeBack = this.#writeBack(disk);
    for (const { offset, bytes } of writes) writeBack.write(offset, bytes);
    await writeBack.flush();
    if (this.slotOf(disk) === undefined && !writeBack.busy) this.#disks.delete(disk);
  }

  /**
   * Detaches the disk without committing what it has not, and deletes it from the store. With
   * `slotStillHeld` (the guest could not let go of its partition) its slot goes to no other disk
   * until releaseHeldSlots(); what the guest writes there meanwhile is dropped.
   */
  async remove(disk: string, { slotStillHeld = false } = {}): Promise<void> {
    assertDiskId(disk);
    const slot = this.slotOf(disk);
    if (slot !== undefined) this.#slots[slot] = slotStillHeld ? heldSlot : undefined;
    const writeBack = this.#disks.get(disk);
    this.#disks.delete(disk);
    await writeBack?.discard();
    this.#cache.dropDisk(disk);
    await this.#store.remove(disk);
  }

  usage(disk: string): Promise<number> {
    return this.#store.usage(disk);
  }

  /** Stops the periodic commits and commits what is left. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  #writeBack(disk: string): DiskWriteBack {
    let writeBack = this.#disks.get(disk);
    if (!writeBack) {
      const onCommitError = (error: Error) => this.#onCommitError(disk, error);
      writeBack = new DiskWriteBack({ disk, store: this.#store, cache: this.#cache, onCommitError });
      this.#disks.set(disk, writeBack);
    }
    return writeBack;
  }

  #commitAll(): void {
    for (const [disk, writeBack] of this.#disks) {
      if (writeBack.busy) writeBack.commitInBackground();
      else if (this.slotOf(disk) === undefined) this.#disks.delete(disk);
    }
  }

  #addressSpace(): DiskAddressSpace {
    const byteLength = this.slotBytes * this.slotCount;
    const piecesOfRange = (start: number, length: number) => {
      if (start % sectorBytes !== 0 || length % sectorBytes !== 0 || start < 0 || start + length > byteLength) {
        throw new Error(`disk bus: ${length} bytes at ${start} are not whole sectors within ${byteLength} bytes`);
      }
      return piecesOf(start, length, this.slotBytes).map((piece) => ({ ...piece, disk: this.#slots[piece.unit] }));
    };
    const writeBackOf = (disk: string | undefined) => (disk === undefined ? undefined : this.#disks.get(disk));
    return {
      byteLength,
      read: async (start, length) => {
        const parts = piecesOfRange(start, length).map(async ({ disk, offset, length }) => {
          const writeBack = writeBackOf(disk);
          if (!writeBack) return new Uint8Array(length);
          return writeBack.read(offset, length).catch((error: unknown) => {
            this.#onReadError(disk!, error instanceof Error ? error : new Error(String(error)));
            return new Uint8Array(length);
          });
        });
        return concatBytes(await Promise.all(parts));
      },
      readNow: (start, length) => {
        const parts = piecesOfRange(start, length).map(({ disk, offset, length }) => {
          const writeBack = writeBackOf(disk);
          return writeBack ? writeBack.readNow(offset, length) : new Uint8Array(length);
        });
        return parts.every((part) => part !== undefined) ? concatBytes(parts) : undefined;
      },
      write: (start, data) => {
        for (const { disk, offset, length, position } of piecesOfRange(start, data.length)) {
          const writeBack = writeBackOf(disk);
          if (writeBack) writeBack.write(offset, data.subarray(position, position + length));
          else this.#droppedWrites++;
        }
      },
    };
  }
}
