// Each build step ends in an image, as in Docker's classic builder: the parent's config with the
// step's container config, its history entry (empty_layer for a config-only step) and its layer,
// if it made one. Those images are ordinary image records, untagged, with their parent and the
// step's cache key, so the next build finds them: a step is reused when the parent image, the
// history text (the instruction after substitution, with the build args a RUN sees and the
// digest of a COPY's sources) and the resulting config are the same.

import { sha256Digest } from "../digest.ts";
import type { ImageLayer, ImageRecord, ImageStore } from "../images/image-store.ts";
import { storeNewImage } from "../images/new-image.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";

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
export function commitStepImage(images: ImageStore, step: StepResult, key: string, layer: ImageLayer | undefined): Promise<ImageRecord> {
  return storeNewImage(images, {
    parent: step.parent,
    layers: layer ? [layer] : [],
    history: [{ created_by: step.createdBy, ...(step.author ? { author: step.author } : {}), ...(layer ? {} : { empty_layer: true }) }],
    config: step.config,
    author: step.author,
    buildCacheKey: key,
  });
}
