// An image's root filesystem: its layers, lowest first, applied to a fresh tree. Each call builds
// a new tree (cheap: file contents stay views into the unpacked layer tars).

import { EngineError, isEngineError } from "../../src/api/errors.ts";
import { LayerApplier } from "../rootfs/apply-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import type { RootfsTree } from "../rootfs/tree.ts";
import type { ImageRecord } from "./image-store.ts";
import type { LayerStore } from "./layer-store.ts";

export async function buildImageRootfs(image: ImageRecord, layers: LayerStore): Promise<RootfsTree> {
  const tars = await Promise.all(image.layers.map((layer) => layers.unpack(layer)));
  const applier = new LayerApplier();
  for (const [index, layer] of image.layers.entries()) {
    try {
      applier.apply(readTar(tars[index]!));
    } catch (error) {
      if (!isEngineError(error)) throw error;
      throw new EngineError(error.code, `layer ${layer.digest}: ${error.message}`);
    }
  }
  return applier.tree;
}
