// How an archive is compressed, told apart by its magic number as Docker's DecompressStream does.
// Shared by the page (a build context on stdin) and the engine (contexts, load, import).

export type Compression = "none" | "gzip" | "zstd" | "bzip2" | "xz";

export function compressionOf(bytes: Uint8Array): Compression {
  const starts = (...magic: number[]) => magic.every((byte, index) => bytes[index] === byte);
  if (starts(0x1f, 0x8b, 0x08)) return "gzip";
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return "zstd";
  if (starts(0x42, 0x5a, 0x68)) return "bzip2";
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return "xz";
  return "none";
}
