// The images shipped with berth: "images/embedded.json" (under the site root) lists each image's
// name and OCI layout directory, e.g. [{ "name": "docker.io/library/busybox:latest",
// "layout": "images/busybox" }]. images/default-image.ts writes both.

import { EngineError } from "../../src/api/errors.ts";
import type { ImageRecord, ImageStore } from "./image-store.ts";
import { importImage } from "./import-image.ts";
import type { LayerStore } from "./layer-store.ts";
import { loadOciLayout, type LoadOptions, type ReadBlob } from "./oci-layout.ts";

export const EMBEDDED_IMAGES_LIST = "images/embedded.json";

export interface EmbeddedImage {
  name: string;
  /** Layout directory relative to the site root. */
  layout: string;
}

/** Loads every embedded image into the stores; `readFile` reads paths relative to the site root. */
export async function loadEmbeddedImages(
  readFile: ReadBlob,
  images: ImageStore,
  layers: LayerStore,
  options: LoadOptions = {},
): Promise<ImageRecord[]> {
  const list = JSON.parse(new TextDecoder().decode(await readFile(EMBEDDED_IMAGES_LIST))) as EmbeddedImage[];
  if (!Array.isArray(list)) throw new EngineError("invalid", `${EMBEDDED_IMAGES_LIST} is not a list of images`);
  const records: ImageRecord[] = [];
  for (const image of list) {
    const loaded = await loadOciLayout((path) => readFile(`${image.layout}/${path}`), options);
    records.push(importImage(loaded, images, layers, image.name));
  }
  return records;
}
