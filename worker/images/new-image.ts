// Stores an image made here (commit, build) on top of a parent image (none for `scratch`): the
// parent's layers and history plus the new ones, the given container defaults, created now. Its id
// is the digest of its config as serialized here, as for any image.

import { sha256Digest } from "../digest.ts";
import { epochSeconds, type ImageLayer, type ImageRecord, type ImageStore } from "./image-store.ts";
import type { ContainerDefaults, HistoryEntry, ImageConfig } from "./oci-types.ts";
import { normalizeImageReference } from "./reference.ts";

export interface NewImage {
  parent: ImageRecord | undefined;
  /** Layers added on top of the parent's, in order. */
  layers: ImageLayer[];
  /** One entry per step, `empty_layer` for steps that add no layer. */
  history: HistoryEntry[];
  config: ContainerDefaults;
  author?: string;
  /** Tags it gets ("name[:tag]"). */
  references?: string[];
  /** For a build step's image: the step's layer cache key (worker/build/step-images.ts). */
  buildCacheKey?: string;
  /** Runs on the finished record before it is stored; a failure stores nothing (an import's hostile layer). */
  check?: (record: ImageRecord) => Promise<void>;
}

export async function storeNewImage(images: ImageStore, image: NewImage): Promise<ImageRecord> {
  const created = new Date().toISOString();
  const layers = [...(image.parent?.layers ?? []), ...image.layers];
  const config: ImageConfig = {
    created,
    ...(image.author ? { author: image.author } : {}),
    architecture: image.parent?.config.architecture ?? "386",
    os: image.parent?.config.os ?? "linux",
    config: image.config,
    rootfs: { type: "layers", diff_ids: layers.map((layer) => layer.diffId) },
    history: [...(image.parent?.config.history ?? []), ...image.history.map((entry) => ({ created, ...entry }))],
  };
  const record: ImageRecord = {
    id: await sha256Digest(new TextEncoder().encode(JSON.stringify(config))),
    repoTags: (image.references ?? []).map(normalizeImageReference),
    repoDigests: [],
    created: epochSeconds(created),
    size: layers.reduce((sum, layer) => sum + (layer.unpackedSize ?? 0), 0),
    config,
    layers,
    ...(image.parent ? { parent: image.parent.id } : {}),
    ...(image.buildCacheKey ? { buildCacheKey: image.buildCacheKey } : {}),
  };
  await image.check?.(record);
  return images.add(record);
}
