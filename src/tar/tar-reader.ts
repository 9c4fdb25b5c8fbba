// Reads a tar archive held in memory: POSIX ustar, PAX extended headers (path, linkpath, size,
// uid, gid, mtime; global headers for uid, gid, mtime), GNU long names and link targets (L/K) and
// GNU base-256 numbers. File contents are views into the archive, never copies. Entries come out
// as stored: paths are not normalised here (apply-layer.ts does that and judges their safety).

import { EngineError } from "../api/errors.ts";
import { BLOCK_SIZE, Field, TypeFlag, USTAR_MAGIC, paddedSize, type TarEntryType } from "./tar-format.ts";

export interface TarEntry {
  /** The archive path as stored, without a directory's trailing slash. */
  path: string;
  type: TarEntryType;
  /** Permission bits including setuid/setgid/sticky. */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** File contents (empty for anything but a file): a view into the archive. */
  data: Uint8Array;
  /** Symlink target, or the archive path a hardlink points to. */
  linkTarget?: string;
  devMajor?: number;
  devMinor?: number;
}

type FieldSpec = readonly [number, number];

const decoder = new TextDecoder("utf-8");
const NO_RECORDS: ReadonlyMap<string, string> = new Map();

const typeByFlag: Record<string, TarEntryType> = {
  [TypeFlag.file]: "file",
  [TypeFlag.oldFile]: "file",
  [TypeFlag.contiguous]: "file",
  [TypeFlag.hardlink]: "hardlink",
  [TypeFlag.symlink]: "symlink",
  [TypeFlag.char]: "char",
  [TypeFlag.block]: "block",
  [TypeFlag.dir]: "dir",
  [TypeFlag.fifo]: "fifo",
};

function invalid(message: string): EngineError {
  return new EngineError("invalid", `invalid tar archive: ${message}`);
}

/** A NUL-terminated (or field-filling) string. */
function readString(block: Uint8Array, [offset, length]: FieldSpec): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** An octal number padded with spaces or NULs, or a GNU base-256 number (high bit set). */
function readNumber(block: Uint8Array, [offset, length]: FieldSpec, name: string, headerOffset: number): number {
  if (block[offset]! & 0x80) {
    // Big-endian two's complement after the marker bit; a negative number is read inverted.
    const invert = block[offset]! & 0x40 ? 0xff : 0;
    let value = (block[offset]! ^ invert) & 0x7f;
    for (let i = offset + 1; i < offset + length; i++) value = value * 256 + (block[i]! ^ invert);
    return invert ? -value - 1 : value;
  }
  let value = 0;
  let i = offset;
  const end = offset + length;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  for (; i < end && block[i] !== 0x20 && block[i] !== 0; i++) {
    const digit = block[i]! - 0x30;
    if (digit < 0 || digit > 7) throw invalid(`header at byte ${headerOffset} has a malformed ${name} field`);
    value = value * 8 + digit;
  }
  return value;
}

function verifyChecksum(block: Uint8Array, headerOffset: number): void {
  // Sum every byte, then count the checksum field itself as eight spaces. Old writers summed
  // signed bytes, so that sum is accepted too.
  let unsigned = 0;
  let highBytes = 0;
  for (let i = 0; i < block.length; i++) {
    const byte = block[i]!;
    unsigned += byte;
    highBytes += byte >> 7;
  }
  const [offset, length] = Field.checksum;
  for (let i = offset; i < offset + length; i++) {
    unsigned += 0x20 - block[i]!;
    highBytes -= block[i]! >> 7;
  }
  const signed = unsigned - 256 * highBytes;
  const stored = readNumber(block, Field.checksum, "checksum", headerOffset);
  if (stored !== unsigned && stored !== signed) {
    throw invalid(`corrupt header at byte ${headerOffset} (checksum ${stored.toString(8)}, computed ${unsigned.toString(8)})`);
  }
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** PAX records: "<length> <key>=<value>\n", length counting the whole record in bytes. */
function parsePax(data: Uint8Array, headerOffset: number): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0) break; // padding some writers leave
    const space = data.indexOf(0x20, offset);
    const length = space === -1 ? NaN : Number(decoder.decode(data.subarray(offset, space)));
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length || data[offset + length - 1] !== 0x0a) {
      throw invalid(`malformed PAX record in header at byte ${headerOffset}`);
    }
    const record = decoder.decode(data.subarray(space + 1, offset + length - 1));
    const equals = record.indexOf("=");
    if (equals <= 0) throw invalid(`malformed PAX record in header at byte ${headerOffset}`);
    records.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return records;
}

function paxNumber(records: ReadonlyMap<string, string>, key: string, headerOffset: number): number | undefined {
  const text = records.get(key);
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw invalid(`PAX ${key} "${text}" in header at byte ${headerOffset} is not a number`);
  return key === "mtime" ? Math.floor(value) : value;
}

/** Text carried as the data of a GNU L/K entry, NUL-terminated. */
function gnuLongText(data: Uint8Array): string {
  const end = data.indexOf(0);
  return decoder.decode(end === -1 ? data : data.subarray(0, end));
}

/** Yields the archive's entries in order. Throws EngineError("invalid") on a corrupt or truncated archive. */
export function* readTar(archive: Uint8Array): Generator<TarEntry> {
  let offset = 0;
  let pax: Map<string, string> | undefined;
  const globalPax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;

  while (offset < archive.length) {
    if (archive.length - offset < BLOCK_SIZE) throw invalid(`truncated header at byte ${offset} (archive ends at byte ${archive.length})`);
    const headerOffset = offset;
    const block = archive.subarray(offset, offset + BLOCK_SIZE);
    if (isZeroBlock(block)) return; // end-of-archive marker
    verifyChecksum(block, headerOffset);

    const flag = String.fromCharCode(block[Field.typeflag[0]]!);
    let path = readString(block, Field.name);
    // Only POSIX ustar has the prefix field; GNU's magic ("ustar ") reuses those bytes.
    if (readString(block, Field.magic) === USTAR_MAGIC.slice(0, -1)) {
      const prefix = readString(block, Field.prefix);
      if (prefix) path = `${prefix}/${path}`;
    }

    const headerSize = readNumber(block, Field.size, "size", headerOffset);
    const isMeta = flag === TypeFlag.paxHeader || flag === TypeFlag.paxGlobal || flag === TypeFlag.gnuLongName || flag === TypeFlag.gnuLongLink;
    const type = typeByFlag[flag];
    if (!isMeta && !type) throw invalid(`entry "${path}" at byte ${headerOffset} has unsupported type '${flag}'`);
    const paxSize = !isMeta && pax ? paxNumber(pax, "size", headerOffset) : undefined;
    const size = isMeta || type === "file" ? (paxSize ?? headerSize) : 0;

    const dataStart = offset + BLOCK_SIZE;
    if (dataStart + size > archive.length) {
      throw invalid(`truncated: entry "${path}" needs ${size} bytes of data at byte ${dataStart}, but the archive ends at byte ${archive.length}`);
    }
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + paddedSize(size);

    switch (flag) {
      case TypeFlag.paxHeader:
        pax = parsePax(data, headerOffset);
        continue;
      case TypeFlag.paxGlobal:
        for (const [key, value] of parsePax(data, headerOffset)) globalPax.set(key, value);
        continue;
      case TypeFlag.gnuLongName:
        longName = gnuLongText(data);
        continue;
      case TypeFlag.gnuLongLink:
        longLink = gnuLongText(data);
        continue;
    }

    const records = pax ?? NO_RECORDS;
    if (pax && [...pax.keys()].some((key) => key.startsWith("GNU.sparse."))) {
      throw invalid(`entry "${path}" is a sparse file, which berth does not support`);
    }
    path = records.get("path") ?? longName ?? path;
    const linkTarget = records.get("linkpath") ?? longLink ?? readString(block, Field.linkname);
    const number = (key: "uid" | "gid" | "mtime", field: FieldSpec) =>
      paxNumber(records, key, headerOffset) ?? paxNumber(globalPax, key, headerOffset) ?? readNumber(block, field, key, headerOffset);

    // Old (V7) archives mark directories only by the trailing slash.
    const entryType: TarEntryType = type === "file" && flag === TypeFlag.oldFile && path.endsWith("/") ? "dir" : type!;
    const entry: TarEntry = {
      path: path.length > 1 ? path.replace(/\/+$/, "") : path,
      type: entryType,
      mode: readNumber(block, Field.mode, "mode", headerOffset) & 0o7777,
      uid: number("uid", Field.uid),
      gid: number("gid", Field.gid),
      mtime: number("mtime", Field.mtime),
      data,
    };
    if (entryType === "symlink" || entryType === "hardlink") entry.linkTarget = linkTarget;
    if (entryType === "char" || entryType === "block") {
      entry.devMajor = readNumber(block, Field.devmajor, "devmajor", headerOffset);
      entry.devMinor = readNumber(block, Field.devminor, "devminor", headerOffset);
    }
    pax = undefined;
    longName = undefined;
    longLink = undefined;
    yield entry;
  }
}
