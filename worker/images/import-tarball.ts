// `docker import`: a filesystem tarball (plain, gzip or zstd; `docker export`'s, say) becomes a
// one-layer image, through the same layer commit as `docker commit` and the build's steps.
// `--change` instructions set its config as they do for commit; its history says where it came
// from ("Imported from -") unless a message is given. The layer's root filesystem is built before
// the image is stored, so a hostile tarball is refused and its blob removed.

import { EngineError } from "../../src/api/errors.ts";
import { applyCommitChanges } from "../build/commit-changes.ts";
import { decompressArchive } from "./archive-compression.ts";
import type { ImageEvents } from "./image-events.ts";
import type { ImageRecord, ImageStore } from "./image-store.ts";
import { commitLayer, type LayerCommitStores } from "./layer-commit.ts";
import { storeNewImage } from "./new-image.ts";
import type { ContainerDefaults } from "./oci-types.ts";
import { removeUnusedBlobs } from "./pull-image.ts";
import { parseImageReference, referenceString, withDefaultTag } from "./reference.ts";

export interface ImportDependencies extends LayerCommitStores {
  images: ImageStore;
  /** Builds the image's root filesystem, refusing hostile layers before the image is stored. */
  checkRootfs(record: ImageRecord): Promise<void>;
  events: ImageEvents;
}

export interface ImportRequest {
  /** Where the tarball came from, for the history ("-": the request body). */
  source: string;
  /** "name" or "name:tag"; `tag` overrides the tag. */
  repo?: string;
  tag?: string;
  message?: string;
  /** Dockerfile instructions for the config, one per item (or several per item, one per line). */
  changes?: string[];
}

function importReference(repo: string | undefined, tag: string | undefined): string | undefined {
  if (!repo) return undefined;
  const reference = parseImageReference(repo);
  if (reference.digest !== undefined) throw new EngineError("invalid", "cannot import digest reference");
  return referenceString(withDefaultTag(tag ? { ...reference, tag } : reference));
}

export async function importTarball(deps: ImportDependencies, body: Uint8Array, request: ImportRequest): Promise<ImageRecord> {
  // Bad names and changes fail before anything is stored.
  const reference = importReference(request.repo, request.tag);
  const config: ContainerDefaults = {};
  if (request.changes?.length) applyCommitChanges(config, request.changes.join("\n"));
  if (body.length === 0) throw new EngineError("invalid", "the tarball to import is empty");

  const layer = await commitLayer(await decompressArchive(body), deps);
  try {
    const image = await storeNewImage(deps.images, {
      parent: undefined,
      layers: [layer],
      history: [{ comment: request.message || `Imported from ${request.source}` }],
      config,
      references: reference ? [reference] : [],
      check: deps.checkRootfs,
    });
    deps.events.publish("import", image.id, image.id);
    return image;
  } catch (error) {
    await removeUnusedBlobs(deps, [layer.digest]);
    deps.layers.retainOnly(new Set(deps.images.list().flatMap((image) => image.layers.map((stored) => stored.diffId))));
    throw error;
  }
}
