// Writes tar archives (POSIX ustar, with PAX extended headers for whatever ustar cannot hold: long
// names and link targets, large sizes and ids). Paths are written exactly as given, so tests can
// also build hostile archives. The output is a pure function of the entries: no clock, no host ids.

import { BLOCK_SIZE, Field, TypeFlag, USTAR_MAGIC, paddedSize, type TarEntryType } from "./tar-format.ts";

export interface TarWriterEntry {
  /** Archive path; a directory gets a trailing "/" if it has none. */
  path: string;
  type: TarEntryType;
  /** Permission bits including setuid/setgid/sticky; defaults to 0o755 for dirs, 0o644 otherwise. */
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Seconds since the epoch; defaults to 0. */
  mtime?: number;
  data?: Uint8Array;
  /** Symlink target, or the archive path of a hardlink's target. */
  linkTarget?: string;
  devMajor?: number;
  devMinor?: number;
}

const typeFlagByType: Record<TarEntryType, string> = {
  file: TypeFlag.file,
  dir: TypeFlag.dir,
  symlink: TypeFlag.symlink,
  hardlink: TypeFlag.hardlink,
  char: TypeFlag.char,
  block: TypeFlag.block,
  fifo: TypeFlag.fifo,
};

const encoder = new TextEncoder();

/** Largest value an octal field of `length` bytes holds (length - 1 digits and a NUL). */
function octalLimit(length: number): number {
  return 8 ** (length - 1) - 1;
}

function putString(header: Uint8Array, [offset, length]: readonly [number, number], bytes: Uint8Array): void {
  header.set(bytes.subarray(0, length), offset);
}

function putOctal(header: Uint8Array, [offset, length]: readonly [number, number], value: number): void {
  const digits = Math.min(value, octalLimit(length)).toString(8).padStart(length - 1, "0");
  header.set(encoder.encode(digits), offset);
}

/** One PAX record: "<length> <key>=<value>\n", where length counts the whole record. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return `${length}${body}`;
}

function header(fields: {
  name: Uint8Array;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname?: Uint8Array;
  uname?: string;
  gname?: string;
  devMajor?: number;
  devMinor?: number;
}): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  putString(block, Field.name, fields.name);
  putOctal(block, Field.mode, fields.mode);
  putOctal(block, Field.uid, fields.uid);
  putOctal(block, Field.gid, fields.gid);
  putOctal(block, Field.size, fields.size);
  putOctal(block, Field.mtime, fields.mtime);
  block[Field.typeflag[0]] = fields.typeflag.charCodeAt(0);
  if (fields.linkname) putString(block, Field.linkname, fields.linkname);
  putString(block, Field.magic, encoder.encode(USTAR_MAGIC));
  putString(block, Field.version, encoder.encode("00"));
  if (fields.uname) putString(block, Field.uname, encoder.encode(fields.uname));
  if (fields.gname) putString(block, Field.gname, encoder.encode(fields.gname));
  putOctal(block, Field.devmajor, fields.devMajor ?? 0);
  putOctal(block, Field.devminor, fields.devMinor ?? 0);
  // The checksum is computed with its own field read as eight spaces.
  block.fill(0x20, Field.checksum[0], Field.checksum[0] + Field.checksum[1]);
  let sum = 0;
  for (const byte of block) sum += byte;
  putString(block, Field.checksum, encoder.encode(`${sum.toString(8).padStart(6, "0")}\0 `));
  return block;
}

/** Header blocks (a PAX header first when needed) followed by the entry's data. */
function entryParts(entry: TarWriterEntry): Uint8Array[] {
  const path = entry.type === "dir" && !entry.path.endsWith("/") ? `${entry.path}/` : entry.path;
  const name = encoder.encode(path);
  const linkname = entry.linkTarget === undefined ? undefined : encoder.encode(entry.linkTarget);
  const data = entry.type === "file" ? (entry.data ?? new Uint8Array(0)) : new Uint8Array(0);
  const uid = entry.uid ?? 0;
  const gid = entry.gid ?? 0;
  const mtime = entry.mtime ?? 0;

  let pax = "";
  if (name.length > Field.name[1]) pax += paxRecord("path", path);
  if (linkname && linkname.length > Field.linkname[1]) pax += paxRecord("linkpath", entry.linkTarget!);
  if (data.length > octalLimit(Field.size[1])) pax += paxRecord("size", String(data.length));
  if (uid > octalLimit(Field.uid[1])) pax += paxRecord("uid", String(uid));
  if (gid > octalLimit(Field.gid[1])) pax += paxRecord("gid", String(gid));
  if (mtime < 0 || mtime > octalLimit(Field.mtime[1])) pax += paxRecord("mtime", String(mtime));

  const parts: Uint8Array[] = [];
  if (pax) {
    const records = encoder.encode(pax);
    const paxName = encoder.encode("././@PaxHeader");
    parts.push(header({ name: paxName, typeflag: TypeFlag.paxHeader, mode: 0o644, uid: 0, gid: 0, size: records.length, mtime: 0 }));
    parts.push(records);
  }
  parts.push(
    header({
      name,
      typeflag: typeFlagByType[entry.type],
      mode: (entry.mode ?? (entry.type === "dir" ? 0o755 : 0o644)) & 0o7777,
      uid,
      gid,
      size: data.length,
      mtime: Math.max(mtime, 0),
      linkname,
      uname: entry.uname,
      gname: entry.gname,
      devMajor: entry.devMajor,
      devMinor: entry.devMinor,
    }),
  );
  if (data.length > 0) parts.push(data);
  return parts;
}

/** The whole archive, closed by the two zero blocks the format requires. */
export function writeTar(entries: Iterable<TarWriterEntry>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) parts.push(...entryParts(entry));
  let total = 2 * BLOCK_SIZE;
  for (const part of parts) total += paddedSize(part.length);
  const archive = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    archive.set(part, offset);
    offset += paddedSize(part.length);
  }
  return archive;
}
