// Unpacks layers in a worker of their own (see unpack-worker.ts). The blob handed in is transferred
// when it owns its whole buffer (copied otherwise), so the caller must not use it afterwards.

import { EngineError } from "../../src/api/errors.ts";
import type { DecompressProgress, LayerDescription } from "../rootfs/decompress-layer.ts";
import type { UnpackReply, UnpackRequest } from "./unpack-messages.ts";

export type LayerUnpacker = (layer: LayerDescription, blob: Uint8Array, onProgress?: DecompressProgress) => Promise<Uint8Array>;

interface Pending {
  resolve(tar: Uint8Array): void;
  reject(error: Error): void;
  onProgress?: DecompressProgress;
}

export function threadedUnpacker(startWorker: () => Worker): LayerUnpacker {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const onReply = ({ data }: MessageEvent<UnpackReply>) => {
    const request = pending.get(data.id);
    if (!request) return;
    if (data.kind === "progress") return request.onProgress?.(data.consumedBytes);
    pending.delete(data.id);
    if (data.kind === "done") return request.resolve(data.tar);
    const { error } = data;
    request.reject("code" in error ? new EngineError(error.code, error.message) : new Error(error.message));
  };
  const onCrash = (event: ErrorEvent) => {
    for (const request of pending.values()) request.reject(new EngineError("system", `the layer unpacker failed: ${event.message}`));
    pending.clear();
    worker?.terminate();
    worker = undefined;
  };

  return (layer, blob, onProgress) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (!worker) {
        worker = startWorker();
        worker.addEventListener("message", onReply);
        worker.addEventListener("error", onCrash);
      }
      const id = nextId++;
      pending.set(id, { resolve, reject, onProgress });
      const request: UnpackRequest = { id, layer: { digest: layer.digest, diffId: layer.diffId, mediaType: layer.mediaType }, blob };
      const owned = blob.byteOffset === 0 && blob.byteLength === blob.buffer.byteLength ? blob : blob.slice();
      worker.postMessage({ ...request, blob: owned }, [owned.buffer]);
    });
}
