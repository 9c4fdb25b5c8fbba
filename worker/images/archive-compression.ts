// A tar as a client sends it to `docker load` or `docker import`: plain, gzip or zstd, told apart
// by magic number as Docker's DecompressStream does. Decompression stops at a size limit, so a
// small hostile archive cannot inflate into more memory than the engine allows for one.

import { Decompress as ZstdDecompress } from "fzstd";
import { EngineError } from "../../src/api/errors.ts";
import { compressionOf } from "../../src/tar/compression.ts";
import { concatBytes } from "../concat-bytes.ts";
import { gunzip, type GzipMemberDecoder } from "../rootfs/gzip.ts";

/** The largest tar one load or import decompresses to (about what one buffer holds). */
export const MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

function tooLarge(limit: number): EngineError {
  return new EngineError("invalid", `the archive decompresses to more than ${limit} bytes`);
}

/** A gzip member decoder that fails once all members together pass `limit` bytes. */
function boundedGzipDecoder(limit: number): { decode: GzipMemberDecoder; exceeded(): boolean } {
  let total = 0;
  const decode: GzipMemberDecoder = async (member) => {
    const chunks: Uint8Array[] = [];
    const decoded = new Blob([member as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    const reader = decoded.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      total += chunk.value.length;
      if (total > limit) {
        await reader.cancel();
        throw tooLarge(limit);
      }
      chunks.push(chunk.value);
    }
    return concatBytes(chunks);
  };
  return { decode, exceeded: () => total > limit };
}

function unzstd(bytes: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new ZstdDecompress((chunk) => {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(chunk);
  });
  try {
    stream.push(bytes, true);
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError("invalid", `corrupt or truncated zstd data: ${error instanceof Error ? error.message : String(error)}`);
  }
  return concatBytes(chunks);
}

/** The uncompressed tar. Throws EngineError("invalid") for corrupt data, bzip2/xz, or too much output. */
export async function decompressArchive(bytes: Uint8Array, limit = MAX_ARCHIVE_BYTES): Promise<Uint8Array> {
  const compression = compressionOf(bytes);
  switch (compression) {
    case "none":
      return bytes;
    case "gzip": {
      const decoder = boundedGzipDecoder(limit);
      try {
        return await gunzip(bytes, decoder.decode);
      } catch (error) {
        // gunzip words any decoder failure as corrupt data; a size failure stays one.
        throw decoder.exceeded() ? tooLarge(limit) : error;
      }
    }
    case "zstd":
      return unzstd(bytes, limit);
    default:
      throw new EngineError("invalid", `unsupported archive compression: ${compression} (berth reads plain, gzip and zstd tars)`);
  }
}
