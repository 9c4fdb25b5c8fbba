// `docker load`: an archive (`docker save`'s, older Docker's, or an OCI image layout; plain, gzip or
// zstd) becomes images. Everything is read and checked first (archive-images.ts); then each
// image's blobs go into the ContentStore through the layout ingest the embedded images use (the
// store verifies size and digest), each layer is unpacked against its diff ID, and its root
// filesystem is built to refuse hostile layers. Only when every image of the archive passed are
// they recorded and tagged; a failure deletes the blobs this load added that no image uses, so a
// bad archive leaves nothing behind. Messages are Docker's: "Loaded image: busybox:latest", or
// "Loaded image ID: sha256:…" for an image without a name.

import type { JsonMessage } from "../../src/api/types.ts";
import type { ContentStore } from "../content/content-store.ts";
import { decompressArchive } from "./archive-compression.ts";
import { invalidArchive, readArchiveFiles } from "./archive-files.ts";
import { readImageArchive } from "./archive-images.ts";
import type { ImageEvents } from "./image-events.ts";
import { epochSeconds, type ImageRecord, type ImageStore } from "./image-store.ts";
import type { LayerStore } from "./layer-store.ts";
import { ensureLayoutBlob } from "./layout-ingest.ts";
import type { LoadedImage, ReadBlob } from "./oci-layout.ts";
import { removeUnusedBlobs } from "./pull-image.ts";
import { shortLayerId } from "./pull-progress.ts";
import { familiarString, parseImageReference } from "./reference.ts";

export interface ImageLoadDependencies {
  content: ContentStore;
  layers: Pick<LayerStore, "unpack" | "retainOnly">;
  images: ImageStore;
  /** Builds the image's root filesystem, refusing hostile layers before the image is stored. */
  checkRootfs(record: ImageRecord): Promise<void>;
  events: ImageEvents;
}

export interface LoadOptions {
  /** Leave out the per-layer progress (the "Loaded image" lines still come). */
  quiet?: boolean;
}

const familiar = (reference: string) => familiarString(parseImageReference(reference));

/** Loads every image of the archive, or none; `report` gets Docker's messages. */
export async function loadImages(
  deps: ImageLoadDependencies,
  body: Uint8Array,
  report: (message: JsonMessage) => void,
  options: LoadOptions = {},
): Promise<ImageRecord[]> {
  if (body.length === 0) throw invalidArchive("the archive is empty");
  const archive = await readImageArchive(readArchiveFiles(await decompressArchive(body)));
  const committed: string[] = [];
  const records: ImageRecord[] = [];
  try {
    for (const { loaded } of archive.images) records.push(await ingest(deps, archive.readBlob, loaded, committed, options.quiet ? undefined : report));
  } catch (error) {
    await removeUnusedBlobs(deps, committed);
    deps.layers.retainOnly(new Set(deps.images.list().flatMap((image) => image.layers.map((layer) => layer.diffId))));
    throw error;
  }

  const stored: ImageRecord[] = [];
  for (const [index, { names }] of archive.images.entries()) {
    const record = records[index]!;
    for (const name of names) {
      const previous = deps.images.list().find((image) => image.id !== record.id && image.repoTags.includes(name));
      if (previous) report({ stream: `The image ${familiar(name)} already exists, renaming the old one with ID ${previous.id} to empty string\n` });
    }
    const image = await deps.images.add({ ...record, repoTags: names });
    deps.events.publish("load", image.id, image.id);
    for (const name of names) report({ stream: `Loaded image: ${familiar(name)}\n` });
    if (names.length === 0) report({ stream: `Loaded image ID: ${image.id}\n` });
    stored.push(image);
  }
  return stored;
}

/** Stores the image's blobs (noting the new ones in `committed`), unpacks and checks it; returns its record, not yet stored. */
async function ingest(
  deps: ImageLoadDependencies,
  readBlob: ReadBlob,
  loaded: LoadedImage,
  committed: string[],
  report: ((message: JsonMessage) => void) | undefined,
): Promise<ImageRecord> {
  const ensure = async (blob: { digest: string; size: number }) => {
    if (await ensureLayoutBlob(deps.content, readBlob, blob)) committed.push(blob.digest);
  };
  await ensure({ digest: loaded.configDigest, size: loaded.manifest.config.size });
  const layers = [];
  for (const layer of loaded.layers) {
    await ensure(layer);
    const tar = await deps.layers.unpack(layer);
    report?.({ status: "Loading layer", id: shortLayerId(layer.diffId), progressDetail: { current: layer.size, total: layer.size } });
    layers.push({ ...layer, unpackedSize: tar.length });
  }
  const record: ImageRecord = {
    id: loaded.configDigest,
    repoTags: [],
    repoDigests: [],
    created: epochSeconds(loaded.config.created),
    size: layers.reduce((sum, layer) => sum + layer.unpackedSize, 0),
    config: loaded.config,
    layers,
  };
  await deps.checkRootfs(record);
  return record;
}
