// An image's root filesystem: its layers, lowest first, applied to a fresh tree. Each call builds
// a new tree (cheap: file contents stay views into the stored layer tars).

import { EngineError, isEngineError } from "../../src/api/errors.ts";
import { LayerApplier } from "../rootfs/apply-layer.ts";
import { readTar } from "../rootfs/tar-reader.ts";
import type { RootfsTree } from "../rootfs/tree.ts";
import type { ImageRecord } from "./image-store.ts";
import type { LayerStore } from "./layer-store.ts";

export function buildImageRootfs(image: ImageRecord, layers: LayerStore): RootfsTree {
  const applier = new LayerApplier();
  for (const layer of image.layers) {
    try {
      applier.apply(readTar(layers.get(layer.diffId)));
    } catch (error) {
      if (!isEngineError(error)) throw error;
      throw new EngineError(error.code, `layer ${layer.digest}: ${error.message}`);
    }
  }
  return applier.tree;
}
