// The tar header layout (POSIX ustar, with the GNU and PAX extensions berth understands), shared by
// the reader and the writer here.

export const BLOCK_SIZE = 512;

/** [offset, length] of each header field. */
export const Field = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

/** Typeflag bytes as characters. */
export const TypeFlag = {
  file: "0",
  oldFile: "\0",
  hardlink: "1",
  symlink: "2",
  char: "3",
  block: "4",
  dir: "5",
  fifo: "6",
  contiguous: "7",
  paxHeader: "x",
  paxGlobal: "g",
  gnuLongName: "L",
  gnuLongLink: "K",
} as const;

/** POSIX ustar magic (version "00" follows); GNU archives have "ustar " and no prefix field. */
export const USTAR_MAGIC = "ustar\0";

/** Number of bytes up to the next block boundary. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
}

/** What a tar entry (and a rootfs tree entry) is. */
export type TarEntryType = "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo";
