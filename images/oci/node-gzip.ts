// Deterministic gzip for build scripts (the equivalent of `gzip -n -9`): a fixed header with no
// name and no timestamp around a raw deflate stream, then the CRC-32 and length trailer (RFC 1952).

import { constants, crc32, deflateRawSync } from "node:zlib";

const GZIP_HEADER = Uint8Array.of(
  0x1f, 0x8b, // magic
  0x08, // compression method: deflate
  0x00, // flags: no name, comment or extra field
  0x00, 0x00, 0x00, 0x00, // mtime: none
  0x02, // extra flags: maximum compression
  0x03, // operating system: Unix
);

export function gzipDeterministic(data: Uint8Array): Uint8Array {
  const deflated = deflateRawSync(data, { level: constants.Z_BEST_COMPRESSION });
  const out = new Uint8Array(GZIP_HEADER.length + deflated.length + 8);
  out.set(GZIP_HEADER, 0);
  out.set(deflated, GZIP_HEADER.length);
  const trailer = new DataView(out.buffer, GZIP_HEADER.length + deflated.length);
  trailer.setUint32(0, crc32(data), true);
  trailer.setUint32(4, data.length >>> 0, true);
  return out;
}
