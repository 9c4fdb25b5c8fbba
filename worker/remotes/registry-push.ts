// Writes images to a registry over the distribution API, using only fetch (so it runs in a Web
// Worker as well as under Node). Blobs first: a HEAD skips those the registry has, a mount links
// one another repository of the registry holds, the rest are uploaded (blob-upload.ts). Then the
// manifest, by tag or digest, with its own media type as Content-Type. `pushLayout` pushes an
// image of an OCI layout (the test fixtures); the engine's `docker push` reads the content store
// (worker/images/push-image.ts). Both go through RegistryPusher.

import { EngineError } from "../../src/api/errors.ts";
import { SHA256_DIGEST, sha256Digest } from "../digest.ts";
import type { ReadBlob } from "../images/oci-layout.ts";
import { Annotation, IndexMediaTypes, type Descriptor, type ImageIndex, type ImageManifest } from "../images/oci-types.ts";
import { parseImageReference } from "../images/reference.ts";
import { DEFAULT_CHUNK_BYTES, uploadBlob } from "./blob-upload.ts";
import { PushEndpoint } from "./push-endpoint.ts";
import { RegistryHttp } from "./registry-http.ts";
import { DEFAULT_RETRY, realSleep, retrying, type Retry } from "./retry.ts";

export type BlobOutcome = "exists" | "mounted" | "pushed";

export interface BlobToPush {
  descriptor: Descriptor;
  /** The blob's bytes, read only when the registry lacks it. */
  read(): Promise<Uint8Array>;
  /** Another repository of the same registry that may hold it. */
  mountFrom?: string | undefined;
  /** Called once the upload starts (after the registry said it lacks the blob). */
  onUploadStart?: (() => void) | undefined;
  onProgress?: ((uploadedBytes: number) => void) | undefined;
}

export class RegistryPusher {
  constructor(
    private readonly endpoint: PushEndpoint,
    private readonly retry: Retry,
    private readonly chunkBytes: number = DEFAULT_CHUNK_BYTES,
  ) {}

  /** Whether the repository already has the blob. */
  async has(digest: string): Promise<boolean> {
    const url = this.endpoint.url(`blobs/${digest}`);
    return this.retry(async () => {
      const response = await this.endpoint.send("HEAD", url);
      if (response.ok) return true;
      if (response.status === 404) return false;
      throw await this.endpoint.failure(response, "HEAD", url);
    });
  }

  async pushBlob(blob: BlobToPush): Promise<BlobOutcome> {
    if (await this.has(blob.descriptor.digest)) return "exists";
    blob.onUploadStart?.();
    const bytes = await blob.read();
    if (bytes.length !== blob.descriptor.size) {
      throw new EngineError("invalid", `blob ${blob.descriptor.digest} holds ${bytes.length} bytes, not the ${blob.descriptor.size} its descriptor says`);
    }
    return uploadBlob({
      endpoint: this.endpoint,
      descriptor: blob.descriptor,
      bytes,
      chunkBytes: this.chunkBytes,
      retry: this.retry,
      mountFrom: blob.mountFrom,
      onProgress: blob.onProgress,
    });
  }

  /** Stores a manifest under `reference` (a tag or its digest). */
  async putManifest(reference: string, mediaType: string, bytes: Uint8Array): Promise<void> {
    const url = this.endpoint.url(`manifests/${reference}`);
    await this.retry(async () => {
      const response = await this.endpoint.send("PUT", url, bytes, { "Content-Type": mediaType });
      if (response.status !== 201) throw await this.endpoint.failure(response, "PUT", url);
      await response.body?.cancel().catch(() => undefined);
    });
  }
}

/** The default retry policy, sleeping for real. */
export const defaultPushRetry: Retry = (attempt, signal) => retrying(DEFAULT_RETRY, realSleep, signal, attempt);

export interface LayoutPush {
  /** Registry base URL, e.g. "http://127.0.0.1:5000". */
  registry: string;
  /** Repository path, e.g. "hostile/symlink". */
  repository: string;
  tag: string;
  /** The layout holding the image: index.json names it with the tag (ref.name) or holds only it. */
  layout: ReadBlob;
  fetch?: typeof fetch;
  retry?: Retry;
}

/** Pushes an image of an OCI layout (with an index's children) and returns what the tag now points at. */
export async function pushLayout(request: LayoutPush): Promise<Descriptor> {
  const base = new URL(request.registry);
  const reference = parseImageReference(`${base.host}/${request.repository}:${request.tag}`);
  const http = new RegistryHttp(request.fetch ?? globalThis.fetch.bind(globalThis));
  const pusher = new RegistryPusher(new PushEndpoint(http, base.origin, reference, undefined), request.retry ?? defaultPushRetry);

  const readBlob = async (descriptor: Descriptor): Promise<Uint8Array> => {
    if (!SHA256_DIGEST.test(descriptor.digest)) throw new EngineError("invalid", `unsupported digest ${descriptor.digest}`);
    const bytes = await request.layout(`blobs/sha256/${descriptor.digest.slice("sha256:".length)}`);
    if ((await sha256Digest(bytes)) !== descriptor.digest) throw new EngineError("invalid", `blob ${descriptor.digest} in the layout is corrupt`);
    return bytes;
  };

  const pushManifest = async (descriptor: Descriptor, tagOrDigest: string): Promise<Descriptor> => {
    const bytes = await readBlob(descriptor);
    const document = JSON.parse(new TextDecoder().decode(bytes)) as Partial<ImageIndex & ImageManifest>;
    const mediaType = document.mediaType ?? descriptor.mediaType;
    if (IndexMediaTypes.has(mediaType)) {
      for (const child of document.manifests ?? []) await pushManifest(child, child.digest);
    } else if (document.config && Array.isArray(document.layers)) {
      for (const blob of [document.config, ...document.layers]) await pusher.pushBlob({ descriptor: blob, read: () => readBlob(blob) });
    } else {
      throw new EngineError("invalid", `${descriptor.digest} is neither an image index nor an image manifest`);
    }
    await pusher.putManifest(tagOrDigest, mediaType, bytes);
    return { mediaType, digest: descriptor.digest, size: descriptor.size };
  };

  const index = JSON.parse(new TextDecoder().decode(await request.layout("index.json"))) as ImageIndex;
  return pushManifest(imageForTag(index, request.tag), request.tag);
}

function imageForTag(index: ImageIndex, tag: string): Descriptor {
  const named = index.manifests.find((entry) => entry.annotations?.[Annotation.RefName] === tag);
  if (named) return named;
  if (index.manifests.length === 1) return index.manifests[0]!;
  throw new EngineError("not-found", `the layout has ${index.manifests.length} images and none is named "${tag}"`);
}
