// `docker push`: sends one tag of a repository (or, with no tag, every tag the engine holds for
// it) to its registry from the content store, with Docker's progress stream: "The push refers to
// repository […]", per layer (top first) "Preparing", "Waiting", "Pushing" with bytes, "Layer
// already exists", "Mounted from …" or "Pushed", then "<tag>: digest: sha256:… size: N" and the
// aux record the CLI reads. The login is the request's X-Registry-Auth, else the one `docker
// login` kept for that registry. A push that succeeds records the repository digest on the image.

import type { MessageSink } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { PushMessage } from "../../src/api/types.ts";
import type { ContentStore } from "../content/content-store.ts";
import { credentialsFor, type RegistryCredentials } from "../remotes/registry-credentials.ts";
import type { RegistryPusher } from "../remotes/registry-push.ts";
import type { ImageEvents } from "./image-events.ts";
import type { ImageRecord, ImageStore } from "./image-store.ts";
import { planPush, type PushedLayer } from "./push-plan.ts";
import { PullProgress } from "./pull-progress.ts";
import { DEFAULT_DOMAIN, familiarName, parseImageReference, referenceString, repositoryName, type ImageReference } from "./reference.ts";

export interface PushDependencies {
  images: ImageStore;
  content: Pick<ContentStore, "info" | "read">;
  /** A pusher to the repository `reference` names, logged in as `credentials`. */
  pusher(reference: ImageReference, credentials: RegistryCredentials | undefined): RegistryPusher;
  /** The login `docker login` kept for a registry. */
  storedLogin(domain: string): Promise<RegistryCredentials | undefined>;
  events: ImageEvents;
}

export interface PushRequest {
  /** The repository, as typed: "127.0.0.1:5000/me/box". */
  name: string;
  /** One tag; absent: every tag of the repository. */
  tag?: string | undefined;
  /** Docker's X-Registry-Auth header, used only for the registry pushed to. */
  registryAuth?: string | undefined;
}

const concurrentUploads = 3;

export async function pushImage(deps: PushDependencies, request: PushRequest, sink: MessageSink<PushMessage>): Promise<void> {
  const repository = parseImageReference(request.name);
  if (repository.digest !== undefined) throw new EngineError("invalid", "cannot push a digest reference");
  const tag = request.tag || repository.tag;
  const login = credentialsFor(request.registryAuth, repository.domain) ?? (await deps.storedLogin(repository.domain));
  const progress = new PullProgress(sink);
  try {
    // As Docker's daemon: the stream has begun before a missing image is reported in it.
    progress.status(`The push refers to repository [${repositoryName(repository)}]`);
    const targets = imagesToPush(deps.images, { domain: repository.domain, path: repository.path }, tag);
    if (login === undefined && repository.domain === DEFAULT_DOMAIN) {
      throw new EngineError(
        "unauthorized",
        `push access denied for ${familiarName(repository)}: log in to the default registry with 'docker login' first: denied: requested access to the resource is denied`,
      );
    }
    for (const [reference, image] of targets) {
      await pushOne(deps, deps.pusher(reference, login), reference, image, progress, sink);
    }
  } finally {
    await progress.flush();
  }
}

/** Each tag to push with its image, in tag order. */
function imagesToPush(images: ImageStore, repository: ImageReference, tag: string | undefined): [ImageReference, ImageRecord][] {
  const name = repositoryName(repository);
  const missing = () => new EngineError("not-found", `An image does not exist locally with the tag: ${familiarName(repository)}`);
  if (tag !== undefined) {
    const reference = { ...repository, tag };
    const image = images.list().find((record) => record.repoTags.includes(referenceString(reference)));
    if (!image) throw missing();
    return [[reference, image]];
  }
  const tagged = images
    .list()
    .flatMap((record) => record.repoTags.filter((repoTag) => repoTag.startsWith(`${name}:`)).map((repoTag) => [repoTag.slice(name.length + 1), record] as const))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (tagged.length === 0) throw missing();
  return tagged.map(([tagName, record]) => [{ ...repository, tag: tagName }, record]);
}

async function pushOne(
  deps: PushDependencies,
  pusher: RegistryPusher,
  reference: ImageReference,
  image: ImageRecord,
  progress: PullProgress,
  sink: MessageSink<PushMessage>,
): Promise<void> {
  const plan = await planPush(image, deps.content);
  for (const layer of plan.layers) {
    if (!(await deps.content.info(layer.descriptor.digest))) {
      throw new EngineError("not-found", `layer ${layer.descriptor.digest} of image ${image.id} is not stored here; pull the image again, then push it`);
    }
  }
  const mountFrom = sameRegistryRepository(image, reference);
  const topFirst = [...plan.layers].reverse();
  for (const layer of topFirst) progress.status("Preparing", layer.progressId);
  topFirst.slice(concurrentUploads).forEach((layer) => progress.status("Waiting", layer.progressId));
  await eachAtMost(concurrentUploads, topFirst, async (layer) => {
    progress.status(await pushLayer(deps, pusher, layer, mountFrom, progress), layer.progressId);
  });
  await pusher.pushBlob({ descriptor: plan.config.descriptor, read: async () => plan.config.bytes });
  await pusher.putManifest(reference.tag!, plan.manifest.mediaType, plan.manifest.bytes);
  await deps.images.add({ ...image, repoTags: [], repoDigests: [`${repositoryName(reference)}@${plan.manifest.digest}`] });
  deps.events.publish("push", referenceString(reference), familiarName(reference));
  progress.status(`${reference.tag}: digest: ${plan.manifest.digest} size: ${plan.manifest.bytes.length}`);
  await progress.flush();
  await sink.report({ progressDetail: {}, aux: { Tag: reference.tag!, Digest: plan.manifest.digest, Size: plan.manifest.bytes.length } });
}

async function pushLayer(
  deps: PushDependencies,
  pusher: RegistryPusher,
  layer: PushedLayer,
  mountFrom: string | undefined,
  progress: PullProgress,
): Promise<string> {
  const outcome = await pusher.pushBlob({
    descriptor: layer.descriptor,
    read: () => deps.content.read(layer.descriptor.digest),
    mountFrom,
    onUploadStart: () => progress.bytes("Pushing", layer.progressId, layer.descriptor.size)(0),
    onProgress: progress.bytes("Pushing", layer.progressId, layer.descriptor.size),
  });
  if (outcome === "exists") return "Layer already exists";
  if (outcome === "mounted") return `Mounted from ${mountFrom}`;
  return "Pushed";
}

/** A repository of the registry pushed to that the image came from (its layers may be mounted from there). */
function sameRegistryRepository(image: ImageRecord, target: ImageReference): string | undefined {
  for (const repoDigest of image.repoDigests) {
    const source = parseImageReference(repoDigest);
    if (source.domain === target.domain && source.path !== target.path) return source.path;
  }
  return undefined;
}

/** Runs `task` over `items`, at most `limit` at a time; after a failure none starts, and the first failure is thrown once all have settled. */
async function eachAtMost<T>(limit: number, items: T[], task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined && failure === undefined; item = queue.shift()) {
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
