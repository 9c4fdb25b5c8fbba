// The images shipped with berth: "images/embedded.json" (under the site root) lists each image's
// name and OCI layout directory, e.g. [{ "name": "docker.io/library/busybox:latest",
// "layout": "images/busybox" }]. images/default-image.ts writes both. Their blobs go into the
// ContentStore like pulled ones (read from the site only when the store lacks them), and each
// image is recorded through the same unpack-and-verify path.

import { EngineError } from "../../src/api/errors.ts";
import type { ContentStore } from "../content/content-store.ts";
import type { ImageRecord, ImageStore } from "./image-store.ts";
import { importImage } from "./import-image.ts";
import type { LayerStore } from "./layer-store.ts";
import { ensureLayoutBlob, storedBlobReader } from "./layout-ingest.ts";
import { loadOciLayout, type ReadBlob } from "./oci-layout.ts";

export const EMBEDDED_IMAGES_LIST = "images/embedded.json";

export interface EmbeddedImage {
  name: string;
  /** Layout directory relative to the site root. */
  layout: string;
}

export interface EmbeddedImageStores {
  content: ContentStore;
  images: ImageStore;
  layers: LayerStore;
}

/** Loads every embedded image into the stores; `readFile` reads paths relative to the site root. */
export async function loadEmbeddedImages(readFile: ReadBlob, stores: EmbeddedImageStores): Promise<ImageRecord[]> {
  const list = JSON.parse(new TextDecoder().decode(await readFile(EMBEDDED_IMAGES_LIST))) as EmbeddedImage[];
  if (!Array.isArray(list)) throw new EngineError("invalid", `${EMBEDDED_IMAGES_LIST} is not a list of images`);
  const records: ImageRecord[] = [];
  for (const image of list) {
    const readLayoutFile: ReadBlob = (path) => readFile(`${image.layout}/${path}`);
    const loaded = await loadOciLayout(storedBlobReader(stores.content, readLayoutFile));
    for (const layer of loaded.layers) await ensureLayoutBlob(stores.content, readLayoutFile, layer);
    records.push(await importImage(loaded, stores.images, stores.layers, image.name));
  }
  return records;
}
