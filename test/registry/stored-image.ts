// Puts a fixture image into an engine's stores as a pull or load leaves it (blobs in the content
// store, config included; the record in the image store, tagged), without unpacking its layers:
// what a push reads.

import type { ContentStore } from "../../worker/content/content-store.ts";
import type { ImageRecord, ImageStore } from "../../worker/images/image-store.ts";
import { ensureLayoutBlob, storedBlobReader } from "../../worker/images/layout-ingest.ts";
import { nodeFileReader } from "../../worker/images/node-file-reader.ts";
import { loadOciLayout } from "../../worker/images/oci-layout.ts";
import { normalizeImageReference } from "../../worker/images/reference.ts";

export async function storeLayoutImage(content: ContentStore, images: ImageStore, layoutDirectory: string, tag: string): Promise<ImageRecord> {
  const readLayoutFile = nodeFileReader(layoutDirectory);
  const loaded = await loadOciLayout(storedBlobReader(content, readLayoutFile));
  for (const layer of loaded.layers) await ensureLayoutBlob(content, readLayoutFile, layer);
  return images.add({
    id: loaded.configDigest,
    repoTags: [normalizeImageReference(tag)],
    repoDigests: [],
    created: 0,
    size: 0,
    config: loaded.config,
    layers: loaded.layers,
  });
}
