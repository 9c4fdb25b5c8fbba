// What `docker push` sends for one stored image: its config exactly as its id was computed, the
// manifest that lists it and the layer blobs, and the layer ids Docker's progress shows (the short
// diff ids). Docker's manifest (schema 2) when every layer is one of Docker's media types, else OCI.

import { EngineError } from "../../src/api/errors.ts";
import type { ContentStore } from "../content/content-store.ts";
import { sha256Digest } from "../digest.ts";
import type { ImageRecord } from "./image-store.ts";
import { MediaType, type Descriptor } from "./oci-types.ts";
import { shortLayerId } from "./pull-progress.ts";

export interface PushedLayer {
  descriptor: Descriptor;
  /** Docker's id for the layer in push progress: the first 12 hex digits of its diff id. */
  progressId: string;
}

export interface PushPlan {
  config: { descriptor: Descriptor; bytes: Uint8Array };
  /** Bottom layer first. Layers shared by several lines of one image are listed once. */
  layers: PushedLayer[];
  manifest: { mediaType: string; digest: string; bytes: Uint8Array };
}

const dockerLayerTypes = new Set<string>([MediaType.DockerLayerGzip]);
const ociTypeOfDockerLayer: Readonly<Record<string, string>> = { [MediaType.DockerLayerGzip]: MediaType.LayerGzip };

export async function planPush(image: ImageRecord, content: Pick<ContentStore, "info" | "read">): Promise<PushPlan> {
  const configBytes = await configBytesOf(image, content);
  const docker = image.layers.length > 0 && image.layers.every((layer) => dockerLayerTypes.has(layer.mediaType));
  const seen = new Set<string>();
  const layers: PushedLayer[] = [];
  for (const layer of image.layers) {
    if (seen.has(layer.digest)) continue;
    seen.add(layer.digest);
    const mediaType = docker ? layer.mediaType : (ociTypeOfDockerLayer[layer.mediaType] ?? layer.mediaType);
    layers.push({ descriptor: { mediaType, digest: layer.digest, size: layer.size }, progressId: shortLayerId(layer.diffId) });
  }
  const config: Descriptor = { mediaType: docker ? MediaType.DockerConfig : MediaType.ImageConfig, digest: image.id, size: configBytes.length };
  const manifestType = docker ? MediaType.DockerManifest : MediaType.ImageManifest;
  const document = {
    schemaVersion: 2,
    mediaType: manifestType,
    config,
    layers: image.layers.map((layer) => layers.find((pushed) => pushed.descriptor.digest === layer.digest)!.descriptor),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(document, null, 3));
  return {
    config: { descriptor: config, bytes: configBytes },
    layers,
    manifest: { mediaType: manifestType, digest: await sha256Digest(manifestBytes), bytes: manifestBytes },
  };
}

/**
 * The config's bytes as distributed: the content store's copy (pulls and loads keep it), else the
 * JSON the engine itself serialized when it made the image; both must hash to the image's id.
 */
async function configBytesOf(image: ImageRecord, content: Pick<ContentStore, "info" | "read">): Promise<Uint8Array> {
  if (await content.info(image.id)) return content.read(image.id);
  const serialized = new TextEncoder().encode(JSON.stringify(image.config));
  if ((await sha256Digest(serialized)) === image.id) return serialized;
  throw new EngineError(
    "not-found",
    `the config of image ${image.id} as its registry sent it is not stored here, so it cannot be pushed unchanged; pull the image again, then push it`,
  );
}
