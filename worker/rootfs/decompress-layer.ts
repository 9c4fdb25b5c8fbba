// A layer blob as distributed, turned into its uncompressed tar by media type: gzip through the
// platform's DecompressionStream (with gzip.ts's multi-member fallback), zstd through fzstd, a
// plain tar as it is. The tar is then verified against the image config's diff ID, so a corrupt or
// substituted layer never reaches a root filesystem. Hashing uses Web Crypto on the whole tar:
// native, and an order of magnitude faster than hashing chunk by chunk in JavaScript.

import { decompress as decompressZstd } from "fzstd";
import { EngineError } from "../../src/api/errors.ts";
import { sha256Digest } from "../digest.ts";
import { decodeWithDecompressionStream, gunzip } from "./gzip.ts";

/** What decompression needs to know of a layer (an image record's layer has it). */
export interface LayerDescription {
  /** Digest of the blob, for messages. */
  digest: string;
  /** The config's digest of the uncompressed tar. */
  diffId: string;
  mediaType: string;
}

/** Told the number of compressed bytes consumed so far (Docker's "Extracting" progress). */
export type DecompressProgress = (consumedBytes: number) => void;

type LayerCompression = "none" | "gzip" | "zstd";

function layerCompression(mediaType: string): LayerCompression | undefined {
  if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) return "gzip";
  if (mediaType.endsWith("+zstd")) return "zstd";
  if (mediaType.endsWith(".tar")) return "none";
  return undefined;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reports only advances: the gzip fallback decodes members from their own start. */
function monotonic(onProgress: DecompressProgress | undefined): (bytes: number) => void {
  let reported = 0;
  return (bytes) => {
    if (bytes <= reported) return;
    reported = bytes;
    onProgress?.(bytes);
  };
}

// One call decodes straight into a buffer of the frame's recorded size; fzstd's streaming decoder
// copies every block and is slower, so zstd progress comes only at the end.
function unzstd(blob: Uint8Array): Uint8Array {
  try {
    return decompressZstd(blob);
  } catch (error) {
    throw new Error(`corrupt or truncated zstd data: ${reason(error)}`);
  }
}

async function decompress(layer: LayerDescription, blob: Uint8Array, report: (consumedBytes: number) => void): Promise<Uint8Array> {
  const compression = layerCompression(layer.mediaType);
  if (compression === undefined) throw new EngineError("invalid", `layer ${layer.digest} has unsupported media type ${layer.mediaType}`);
  try {
    if (compression === "gzip") return await gunzip(blob, (member) => decodeWithDecompressionStream(member, report));
    if (compression === "zstd") return unzstd(blob);
    return blob;
  } catch (error) {
    throw new EngineError("invalid", `layer ${layer.digest}: ${reason(error)}`);
  }
}

/** The layer's uncompressed tar, verified against its diff ID. Throws EngineError("invalid"). */
export async function decompressLayer(layer: LayerDescription, blob: Uint8Array, onProgress?: DecompressProgress): Promise<Uint8Array> {
  const report = monotonic(onProgress);
  const tar = await decompress(layer, blob, report);
  report(blob.length);
  const diffId = await sha256Digest(tar);
  if (diffId !== layer.diffId) {
    throw new EngineError("invalid", `failed to register layer: layer ${layer.digest} has diff ID ${diffId}, but the image config says ${layer.diffId}`);
  }
  return tar;
}
