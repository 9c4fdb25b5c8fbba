// Messages between the engine and the layer-unpacking worker.

import type { SerializedEngineError } from "../../src/api/errors.ts";
import type { LayerDescription } from "../rootfs/decompress-layer.ts";

export interface UnpackRequest {
  id: number;
  layer: LayerDescription;
  /** The compressed blob; its buffer is transferred. */
  blob: Uint8Array;
}

export type UnpackReply =
  | { id: number; kind: "progress"; consumedBytes: number }
  | { id: number; kind: "done"; tar: Uint8Array }
  | { id: number; kind: "failed"; error: SerializedEngineError | { message: string } };
