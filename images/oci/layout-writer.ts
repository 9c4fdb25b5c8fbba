// Builds an OCI image layout (image-layout spec v1.0.0) in memory: "oci-layout", "index.json" and
// content-addressed blobs under "blobs/sha256/". The caller writes the files wherever they belong
// (node-write-layout.ts for a directory). Documents are compact JSON in a fixed key order, so equal
// inputs give byte-identical layouts.

import { sha256Digest } from "../../worker/digest.ts";
import {
  MediaType,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  type OciLayout,
} from "../../worker/images/oci-types.ts";

export interface LayoutLayer {
  mediaType: string;
  /** The blob as stored (compressed or not, per mediaType). */
  blob: Uint8Array;
  /** Digest of the uncompressed tar. */
  diffId: string;
}

export interface LayoutImage {
  /** The image config without rootfs, which is derived from the layers. */
  config: Omit<ImageConfig, "rootfs">;
  layers: LayoutLayer[];
  /** Annotations on the manifest's entry in index.json (the image's names). */
  annotations?: Record<string, string>;
}

/** Paths relative to the layout root, mapped to file contents. */
export type LayoutFiles = Map<string, Uint8Array>;

const encoder = new TextEncoder();

/** A layer from its tar and, when compressed, the gzip of that tar. */
export async function layoutLayer(tar: Uint8Array, gzipped?: Uint8Array): Promise<LayoutLayer> {
  return {
    mediaType: gzipped ? MediaType.LayerGzip : MediaType.Layer,
    blob: gzipped ?? tar,
    diffId: await sha256Digest(tar),
  };
}

async function addBlob(files: LayoutFiles, mediaType: string, blob: Uint8Array): Promise<Descriptor> {
  const digest = await sha256Digest(blob);
  files.set(`blobs/sha256/${digest.slice("sha256:".length)}`, blob);
  return { mediaType, digest, size: blob.length };
}

function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export async function buildImageLayout(image: LayoutImage): Promise<LayoutFiles> {
  const files: LayoutFiles = new Map();
  const layerDescriptors: Descriptor[] = [];
  for (const layer of image.layers) layerDescriptors.push(await addBlob(files, layer.mediaType, layer.blob));

  const config: ImageConfig = { ...image.config, rootfs: { type: "layers", diff_ids: image.layers.map((l) => l.diffId) } };
  const configDescriptor = await addBlob(files, MediaType.ImageConfig, json(config));

  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ImageManifest,
    config: configDescriptor,
    layers: layerDescriptors,
  };
  const manifestDescriptor: Descriptor = {
    ...(await addBlob(files, MediaType.ImageManifest, json(manifest))),
    platform: {
      architecture: config.architecture,
      os: config.os,
      ...(config.variant ? { variant: config.variant } : {}),
    },
    ...(image.annotations ? { annotations: image.annotations } : {}),
  };

  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [manifestDescriptor] };
  const layout: OciLayout = { imageLayoutVersion: "1.0.0" };
  files.set("oci-layout", json(layout));
  files.set("index.json", json(index));
  return files;
}
