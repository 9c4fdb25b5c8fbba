// `docker pull`: resolve the linux/386 manifest, download the missing blobs into the content store
// (verified while they stream; the content store keeps layer blobs, the image record the rest), unpack and verify each layer against the config's diffIDs, check
// that the layers form a safe root filesystem, and only then record the image. A failed pull
// removes the blobs it committed that no stored image uses, so nothing unusable stays cached. A
// pull that succeeds (an image already up to date too) is published as Docker's pull event.

import type { MessageSink } from "../../src/api/engine-api.ts";
import type { JsonMessage } from "../../src/api/types.ts";
import { EngineError } from "../../src/api/errors.ts";
import { StorageQuotaError } from "../content/content-errors.ts";
import type { ContentStore } from "../content/content-store.ts";
import type { RegistryClient, ResolvedImage } from "../remotes/registry-client.ts";
import { credentialsFor, type RegistryCredentials } from "../remotes/registry-credentials.ts";
import type { ImageEvents } from "./image-events.ts";
import { epochSeconds, type ImageLayer, type ImageRecord, type ImageStore } from "./image-store.ts";
import type { LayerStore } from "./layer-store.ts";
import { keepBlob } from "./layout-ingest.ts";
import type { Descriptor } from "./oci-types.ts";
import { GUEST_PLATFORM, GUEST_PLATFORM_REASON, matchesPlatform } from "./platform.ts";
import { PullProgress, shortLayerId } from "./pull-progress.ts";
import { familiarName, familiarString, parseImageReference, referenceString, repositoryName, withDefaultTag, type ImageReference } from "./reference.ts";
import { ensureStorageFor, storageExhausted, type StorageBudget } from "./storage-budget.ts";

export interface PullDependencies {
  registry: Pick<RegistryClient, "resolve" | "fetchBlob" | "withCredentials">;
  content: ContentStore;
  layers: Pick<LayerStore, "unpack">;
  images: ImageStore;
  /** Builds the image's root filesystem, refusing hostile layers before the image is stored. */
  checkRootfs(record: ImageRecord): Promise<void>;
  storage?: StorageBudget;
  events: ImageEvents;
  /** The login `docker login` kept for a registry, used when the request brings none. */
  storedLogin?: (domain: string) => Promise<RegistryCredentials | undefined>;
}

export interface PullRequest {
  fromImage: string;
  tag?: string;
  platform?: string;
  /** Docker's X-Registry-Auth header, used only for the registry the image comes from. */
  registryAuth?: string;
}

const concurrentDownloads = 3;

export async function pullImage(deps: PullDependencies, request: PullRequest, sink: MessageSink<JsonMessage>): Promise<ImageRecord> {
  const reference = pullReference(request);
  checkPlatform(request.platform);
  const progress = new PullProgress(sink);
  const login = credentialsFor(request.registryAuth, reference.domain) ?? (await deps.storedLogin?.(reference.domain));
  const registry = deps.registry.withCredentials(login);
  try {
    const record = await pullWithProgress({ ...deps, registry }, reference, progress);
    deps.events.publish("pull", familiarString(reference), familiarName(reference));
    return record;
  } finally {
    await progress.flush();
  }
}

async function pullWithProgress(deps: PullDependencies, reference: ImageReference, progress: PullProgress): Promise<ImageRecord> {
  // As Docker: an image the registry does not have fails before any progress.
  const resolved = await deps.registry.resolve(reference, GUEST_PLATFORM);
  progress.status(`Pulling from ${reference.path}`, reference.tag ?? reference.digest);
  const repoDigest = `${repositoryName(reference)}@${resolved.manifestDigest}`;
  const tag = reference.tag === undefined ? undefined : referenceString(reference);

  const existing = deps.images.get(resolved.configDescriptor.digest);
  if (existing?.repoDigests.includes(repoDigest) && (tag === undefined || existing.repoTags.includes(tag))) {
    await keepBlob(deps.content, resolved.configDescriptor.digest, resolved.configBytes);
    progress.status(`Digest: ${resolved.manifestDigest}`);
    progress.status(`Status: Image is up to date for ${familiarString(reference)}`);
    return existing;
  }

  const committed: string[] = [];
  try {
    const record = await downloadAndUnpack(deps, reference, resolved, progress, committed);
    await deps.checkRootfs(record);
    // The config as the registry sent it, so `docker save` and `docker push` send the very bytes the image id is the digest of.
    if (await keepBlob(deps.content, resolved.configDescriptor.digest, resolved.configBytes)) committed.push(record.id);
    const stored = await deps.images.add({ ...record, repoTags: tag === undefined ? [] : [tag], repoDigests: [repoDigest] });
    progress.status(`Digest: ${resolved.manifestDigest}`);
    progress.status(`Status: Downloaded newer image for ${familiarString(reference)}`);
    return stored;
  } catch (error) {
    await removeUnusedBlobs(deps, committed);
    throw error;
  }
}

function pullReference(request: PullRequest): ImageReference {
  const text = request.tag ? `${request.fromImage}:${request.tag}` : request.fromImage;
  return withDefaultTag(parseImageReference(text));
}

function checkPlatform(platform: string | undefined): void {
  if (platform === undefined || platform === "") return;
  const [os = "", architecture = "", ...rest] = platform.toLowerCase().split("/");
  if (rest.length === 0 && matchesPlatform({ os, architecture }, GUEST_PLATFORM)) return;
  throw new EngineError("invalid", `image platform ${platform} is not supported: ${GUEST_PLATFORM_REASON}`);
}

async function downloadAndUnpack(
  deps: PullDependencies,
  reference: ImageReference,
  resolved: ResolvedImage,
  progress: PullProgress,
  committed: string[],
): Promise<ImageRecord> {
  const { manifest, config } = resolved;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new EngineError("invalid", `image config lists ${diffIds.length} layers but the manifest has ${manifest.layers.length}`);
  }
  const layers: ImageLayer[] = manifest.layers.map((descriptor, index) => ({
    digest: descriptor.digest,
    diffId: diffIds[index]!,
    size: descriptor.size,
    mediaType: descriptor.mediaType,
  }));

  const present = await Promise.all(manifest.layers.map(async (layer) => (await deps.content.info(layer.digest)) !== undefined));
  const missing = manifest.layers.filter((_, index) => !present[index]);
  manifest.layers.forEach((layer, index) => progress.status(present[index] ? "Already exists" : "Pulling fs layer", shortLayerId(layer.digest)));
  if (deps.storage) await ensureStorageFor(deps.storage, familiarString(reference), sumSizes(missing));

  const downloads = downloadAll(deps, reference, missing, progress, committed);
  try {
    for (const [index, layer] of layers.entries()) {
      const id = shortLayerId(layer.digest);
      if (!present[index]) await downloads.done.get(layer.digest);
      const tar = await deps.layers.unpack(layer, present[index] ? undefined : progress.bytes("Extracting", id, layer.size));
      layer.unpackedSize = tar.length;
      if (!present[index]) progress.status("Pull complete", id);
    }
  } finally {
    await downloads.settled;
  }

  return {
    id: resolved.configDescriptor.digest,
    repoTags: [],
    repoDigests: [],
    created: epochSeconds(config.created),
    size: layers.reduce((sum, layer) => sum + (layer.unpackedSize ?? 0), 0),
    config,
    layers,
  };
}

interface Downloads {
  /** Each missing layer's completion, by digest. */
  done: Map<string, Promise<void>>;
  /** Resolves once no download is running any more (after success or failure). */
  settled: Promise<void>;
}

/** Starts the downloads, a few at a time; after the first failure no new one starts. */
function downloadAll(
  deps: PullDependencies,
  reference: ImageReference,
  missing: Descriptor[],
  progress: PullProgress,
  committed: string[],
): Downloads {
  const queue = [...missing];
  const outcomes = new Map(missing.map((layer) => [layer.digest, deferred()]));
  for (const outcome of outcomes.values()) outcome.promise.catch(() => undefined);
  missing.slice(concurrentDownloads).forEach((layer) => progress.status("Waiting", shortLayerId(layer.digest)));

  const worker = async (): Promise<void> => {
    for (let layer = queue.shift(); layer !== undefined; layer = queue.shift()) {
      const outcome = outcomes.get(layer.digest)!;
      const id = shortLayerId(layer.digest);
      try {
        await deps.registry.fetchBlob(reference, layer, deps.content, progress.bytes("Downloading", id, layer.size));
        committed.push(layer.digest);
        progress.status("Verifying Checksum", id);
        progress.status("Download complete", id);
        outcome.resolve();
      } catch (failure) {
        const error = failure instanceof StorageQuotaError ? storageExhausted(familiarString(reference), id, layer.size, failure.reason) : failure;
        outcome.reject(error);
        for (const rest of queue.splice(0)) outcomes.get(rest.digest)!.reject(error);
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrentDownloads, missing.length) }, worker);
  return {
    done: new Map([...outcomes].map(([digest, outcome]) => [digest, outcome.promise])),
    settled: Promise.all(workers).then(() => undefined),
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Deletes those of `digests` no stored image uses (as a layer, or as its config: its id). */
export async function removeUnusedBlobs(deps: Pick<PullDependencies, "images" | "content">, digests: string[]): Promise<void> {
  const used = new Set(deps.images.list().flatMap((image) => [image.id, ...image.layers.map((layer) => layer.digest)]));
  for (const digest of digests) if (!used.has(digest)) await deps.content.delete(digest).catch(() => undefined);
}

function sumSizes(descriptors: Descriptor[]): number {
  return descriptors.reduce((sum, descriptor) => sum + descriptor.size, 0);
}
