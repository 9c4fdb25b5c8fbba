// How log entries are stored, shared by every log store backend: entries back to back, each a
// 13-byte little-endian header (stream: uint8, time: float64 ms since epoch, data length: uint32)
// followed by its data bytes.

import type { LogEntry } from "./log-store.ts";

export const entryHeaderBytes = 13;

export function encodedEntryBytes(dataBytes: number): number {
  return entryHeaderBytes + dataBytes;
}

export function encodeEntries(entries: readonly LogEntry[]): Uint8Array {
  const bytes = new Uint8Array(entries.reduce((sum, entry) => sum + encodedEntryBytes(entry.data.length), 0));
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const { stream, time, data } of entries) {
    view.setUint8(offset, stream);
    view.setFloat64(offset + 1, time, true);
    view.setUint32(offset + 9, data.length, true);
    bytes.set(data, offset + entryHeaderBytes);
    offset += encodedEntryBytes(data.length);
  }
  return bytes;
}

/** The entries in `bytes`; their data are views into `bytes`, not copies. */
export function decodeEntries(bytes: Uint8Array): LogEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: LogEntry[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + entryHeaderBytes > bytes.length) throw corrupt(offset, "a header");
    const stream = view.getUint8(offset);
    if (stream !== 1 && stream !== 2) throw corrupt(offset, `stream ${stream}`);
    const time = view.getFloat64(offset + 1, true);
    const end = offset + encodedEntryBytes(view.getUint32(offset + 9, true));
    if (end > bytes.length) throw corrupt(offset, "data");
    entries.push({ stream, time, data: bytes.subarray(offset + entryHeaderBytes, end) });
    offset = end;
  }
  return entries;
}

function corrupt(offset: number, what: string): Error {
  return new Error(`corrupt log segment: cut or unexpected ${what} at byte ${offset}`);
}
