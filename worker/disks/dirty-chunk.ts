// A chunk the guest wrote to that is not yet committed. A write covering only part of a chunk
// whose content is not in memory does not wait for it: the chunk keeps which 512-byte sectors it
// holds, and is completed from the content beneath (an older dirty chunk, the stored chunk) later.

export const sectorBytes = 512;

export class DirtyChunk {
  /** One byte per sector, 1 where `bytes` holds the sector; undefined once every sector is held. */
  #held: Uint8Array | undefined;
  #heldCount: number;

  private constructor(
    readonly bytes: Uint8Array,
    held: Uint8Array | undefined,
  ) {
    this.#held = held;
    this.#heldCount = held ? held.reduce((sum, flag) => sum + flag, 0) : bytes.length / sectorBytes;
  }

  /** A chunk whose content is known in full; it takes ownership of `bytes`. */
  static full(bytes: Uint8Array): DirtyChunk {
    return new DirtyChunk(bytes, undefined);
  }

  /** A chunk holding no sector yet. */
  static empty(chunkBytes: number): DirtyChunk {
    return new DirtyChunk(new Uint8Array(chunkBytes), new Uint8Array(chunkBytes / sectorBytes));
  }

  get isFull(): boolean {
    return this.#held === undefined;
  }

  holds(sector: number): boolean {
    return this.#held === undefined || this.#held[sector] === 1;
  }

  /** Writes sector-aligned `data` at byte `offset` of the chunk. */
  write(offset: number, data: Uint8Array): void {
    this.bytes.set(data, offset);
    this.#markHeld(offset / sectorBytes, (offset + data.length) / sectorBytes);
  }

  /** Fills the sectors this chunk does not hold from `beneath` (a full chunk, or zeros when undefined). */
  completeFrom(beneath: Uint8Array | undefined): void {
    this.#fillFrom((sector) => beneath?.subarray(sector * sectorBytes, (sector + 1) * sectorBytes) ?? zeroSector);
  }

  /** Fills the sectors this chunk does not hold from an older dirty chunk, where that one holds them. */
  fillFromOlder(older: DirtyChunk): void {
    this.#fillFrom((sector) => (older.holds(sector) ? older.bytes.subarray(sector * sectorBytes, (sector + 1) * sectorBytes) : undefined));
  }

  #fillFrom(sectorAt: (sector: number) => Uint8Array | undefined): void {
    const held = this.#held;
    if (!held) return;
    for (let sector = 0; sector < held.length; sector++) {
      if (held[sector]) continue;
      const source = sectorAt(sector);
      if (!source) continue;
      this.bytes.set(source, sector * sectorBytes);
      this.#markHeld(sector, sector + 1);
    }
  }

  #markHeld(firstSector: number, endSector: number): void {
    const held = this.#held;
    if (!held) return;
    for (let sector = firstSector; sector < endSector; sector++) {
      if (held[sector]) continue;
      held[sector] = 1;
      this.#heldCount++;
    }
    if (this.#heldCount === held.length) this.#held = undefined;
  }
}

const zeroSector = new Uint8Array(sectorBytes);
