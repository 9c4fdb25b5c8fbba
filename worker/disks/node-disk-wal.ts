// The write-ahead file of the filesystem disk store: one commit's chunks, written in full and then
// renamed into place, so a complete one can be replayed after a crash. Layout (little-endian):
//   "BERTHWAL" | u32 count | count × f64 byte offset | count × u32 length | the chunks' bytes

const magic = new TextEncoder().encode("BERTHWAL");

export interface WalEntry {
  offset: number;
  bytes: Uint8Array;
}

export function encodeWal(entries: readonly WalEntry[]): Uint8Array {
  const headerBytes = magic.length + 4 + entries.length * 12;
  const total = entries.reduce((sum, entry) => sum + entry.bytes.length, headerBytes);
  const wal = new Uint8Array(total);
  const view = new DataView(wal.buffer);
  wal.set(magic);
  view.setUint32(magic.length, entries.length, true);
  let position = headerBytes;
  entries.forEach((entry, index) => {
    view.setFloat64(magic.length + 4 + index * 8, entry.offset, true);
    view.setUint32(magic.length + 4 + entries.length * 8 + index * 4, entry.bytes.length, true);
    wal.set(entry.bytes, position);
    position += entry.bytes.length;
  });
  return wal;
}

/** The entries, or undefined when `wal` is not a whole write-ahead file. */
export function decodeWal(wal: Uint8Array): WalEntry[] | undefined {
  if (wal.length < magic.length + 4 || magic.some((byte, index) => wal[index] !== byte)) return undefined;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const count = view.getUint32(magic.length, true);
  let position = magic.length + 4 + count * 12;
  if (position > wal.length) return undefined;
  const entries: WalEntry[] = [];
  for (let index = 0; index < count; index++) {
    const offset = view.getFloat64(magic.length + 4 + index * 8, true);
    const length = view.getUint32(magic.length + 4 + count * 8 + index * 4, true);
    if (!Number.isSafeInteger(offset) || offset < 0 || position + length > wal.length) return undefined;
    entries.push({ offset, bytes: wal.subarray(position, position + length) });
    position += length;
  }
  return position === wal.length ? entries : undefined;
}
