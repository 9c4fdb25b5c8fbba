// The Debian fixture image's single gzip layer, found through its OCI layout: index.json, the
// manifest, the config's diff ID.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ImageConfig, ImageIndex, ImageManifest } from "../../worker/images/oci-types.ts";
import type { LayerDescription } from "../../worker/rootfs/decompress-layer.ts";
import type { FixtureSet } from "../fixtures/build-fixtures.ts";

export interface LayerBlob {
  /** The blob's file in the layout. */
  path: string;
  /** What decompressLayer needs to decompress and verify it. */
  layer: LayerDescription;
  compressedBytes: number;
}

export async function debianLayerBlob(fixtures: FixtureSet): Promise<LayerBlob> {
  const layout = fixtures.images.debian.layout;
  const blobPath = (digest: string) => join(layout, "blobs", ...digest.split(":"));
  const readJson = async <T>(path: string) => JSON.parse(await readFile(path, "utf8")) as T;
  const index = await readJson<ImageIndex>(join(layout, "index.json"));
  const manifest = await readJson<ImageManifest>(blobPath(index.manifests[0].digest));
  const config = await readJson<ImageConfig>(blobPath(manifest.config.digest));
  if (manifest.layers.length !== 1) throw new Error(`expected one layer in the Debian fixture, found ${manifest.layers.length}`);
  const layer = manifest.layers[0];
  return {
    path: blobPath(layer.digest),
    layer: { digest: layer.digest, diffId: config.rootfs.diff_ids[0], mediaType: layer.mediaType },
    compressedBytes: layer.size,
  };
}
