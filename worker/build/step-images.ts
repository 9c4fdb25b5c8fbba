// Each build step ends in an image, as in Docker's classic builder: the parent's config with the
// step's container config, its history entry (empty_layer for a config-only step) and its layer,
// if it made one. Those images are ordinary image records, untagged, with their parent and the
// step's cache key, so the next build finds them: a step is reused when the parent image, the
// history text (the instruction after substitution, with the build args a RUN sees and the
// digest of a COPY's sources) and the resulting config are the same.

import { sha256Digest } from "../digest.ts";
import type { ImageLayer, ImageRecord, ImageStore } from "../images/image-store.ts";
import type { ContainerDefaults, ImageConfig } from "../images/oci-types.ts";
import { GUEST_PLATFORM } from "../images/platform.ts";

const encoder = new TextEncoder();

export interface StepResult {
  /** The image the step starts from; undefined right after FROM scratch. */
  parent: ImageRecord | undefined;
  createdBy: string;
  config: ContainerDefaults;
  author?: string;
}

export async function stepCacheKey(step: StepResult): Promise<string> {
  return sha256Digest(encoder.encode(JSON.stringify([step.parent?.id ?? "", step.createdBy, step.config, step.author ?? ""])));
}

/** A stored image an earlier build made for the same step, if any. */
export function findCachedStep(images: ImageStore, key: string): ImageRecord | undefined {
  return images.list().find((image) => image.buildCacheKey === key);
}

/** Stores the step's image: the parent's layers and history, plus this step's. */
export async function commitStepImage(images: ImageStore, step: StepResult, key: string, layer: ImageLayer | undefined): Promise<ImageRecord> {
  const { parent } = step;
  const created = new Date();
  const config: ImageConfig = {
    architecture: parent?.config.architecture ?? GUEST_PLATFORM.architecture,
    os: parent?.config.os ?? GUEST_PLATFORM.os,
    ...(parent?.config.variant ? { variant: parent.config.variant } : {}),
    created: created.toISOString(),
    ...(step.author ? { author: step.author } : {}),
    config: step.config,
    rootfs: { type: "layers", diff_ids: [...(parent?.config.rootfs.diff_ids ?? []), ...(layer ? [layer.diffId] : [])] },
    history: [
      ...(parent?.config.history ?? []),
      { created: created.toISOString(), created_by: step.createdBy, ...(step.author ? { author: step.author } : {}), ...(layer ? {} : { empty_layer: true }) },
    ],
  };
  const id = await sha256Digest(encoder.encode(JSON.stringify(config)));
  const layers = [...(parent?.layers ?? []), ...(layer ? [layer] : [])];
  return images.add({
    id,
    repoTags: [],
    repoDigests: [],
    created: Math.floor(created.getTime() / 1000),
    size: layers.reduce((total, each) => total + (each.unpackedSize ?? each.size), 0),
    config,
    layers,
    ...(parent ? { parent: parent.id } : {}),
    buildCacheKey: key,
  });
}
