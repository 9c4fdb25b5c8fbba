// The object v86 takes as a hard disk image (its `hda` option), in the shape of v86's own buffers
// (src/buffer.js; read from build/libv86-debug.mjs): v86 calls load() and waits for onload, reads
// with get (answered later; an aborted read is not answered), writes with set, reads sector 0 once
// on a cold boot with get_and_cache and peeks at it with get_from_cache for the disk geometry.
// A PIO write completes for the guest without waiting for set; a DMA write waits for its callback.

import type { V86HardDisk } from "../vm/v86-surface.ts";

/** What the buffer reads from and writes to: the bus's address space. */
export interface DiskAddressSpace {
  readonly byteLength: number;
  read(start: number, length: number): Promise<Uint8Array>;
  /** The bytes when they are in memory, else undefined. */
  readNow(start: number, length: number): Uint8Array | undefined;
  /** Applies the write at once, so that reads made after it see it. */
  write(start: number, data: Uint8Array): void;
}

export class V86DiskBuffer implements V86HardDisk {
  onload: ((event: object) => void) | undefined;
  onprogress: ((event: object) => void) | undefined;

  constructor(private readonly space: DiskAddressSpace) {}

  get byteLength(): number {
    return this.space.byteLength;
  }

  load(): void {
    this.onload?.({});
  }

  get(start: number, length: number, done: (bytes: Uint8Array) => void, options?: { signal?: AbortSignal }): void {
    // The bus answers a read the store failed with zeros; a rejection here means v86 asked for bytes outside the disk.
    void this.space.read(start, length).then(
      (bytes) => {
        if (!options?.signal?.aborted) done(bytes);
      },
      () => undefined,
    );
  }

  get_and_cache(start: number, length: number, done: (bytes: Uint8Array) => void): void {
    this.get(start, length, done);
  }

  get_from_cache(start: number, length: number): Uint8Array | undefined {
    return this.space.readNow(start, length);
  }

  set(start: number, data: Uint8Array, done: () => void): void {
    this.space.write(start, data);
    done();
  }

  /** v86 saves the disk's state with the machine's; the bytes live in the store, so this is a marker. */
  get_state(): unknown[] {
    return [this.space.byteLength];
  }

  set_state(): void {}
}
