// The image operations of the Engine API, mapped onto the image store, pulls and image management.

import type { EngineApi } from "../../src/api/engine-api.ts";
import type { JsonMessage } from "../../src/api/types.ts";
import type { ImageOperations } from "../images/image-operations.ts";
import type { PersistedImageStore } from "../images/image-store.ts";
import { toImageSummary } from "../images/image-store.ts";
import type { PullDependencies } from "../images/pull-image.ts";
import { pullImage } from "../images/pull-image.ts";
import type { ContainerIndex } from "../containers/container-index.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import { importTarball, type ImportDependencies } from "../images/import-tarball.ts";
import { loadImages, type ImageLoadDependencies } from "../images/load-images.ts";
import { saveImages, type ImageSaveDependencies } from "../images/save-images.ts";
import { EngineError } from "../../src/api/errors.ts";

export type ImageOperationName = Exclude<Extract<keyof EngineApi, `image${string}`>, "imageBuild" | "imageCommit" | "imagePush">;

export interface ImageHandlerDependencies {
  started(): Promise<unknown>;
  images: PersistedImageStore;
  operations: ImageOperations;
  pull: PullDependencies;
  /** What save, load and import use: the stores, the layer commit and the root filesystem check. */
  archives: ImageSaveDependencies & ImageLoadDependencies & ImportDependencies;
  containers: ContainerIndex;
  /** Drops what the engine keeps of images that are gone (trees, guest copies). */
  forgetRemovedImages(): Promise<void>;
}

/** `docker import` of the request's body (`fromSrc=-`); a URL source is not fetched. */
async function importFrom(deps: ImageHandlerDependencies, request: Parameters<EngineApi["imageCreate"]>[0], report: (message: JsonMessage) => void): Promise<void> {
  if (request.fromSrc !== "-") throw new EngineError("invalid", `cannot import from ${request.fromSrc}: berth imports only the request's body (fromSrc=-)`);
  const image = await importTarball(deps.archives, request.body ?? new Uint8Array(), {
    source: request.fromSrc,
    repo: request.repo,
    tag: request.tag,
    message: request.message,
    changes: request.changes,
  });
  report({ status: image.id });
}

export function imageHandlers(deps: ImageHandlerDependencies): Pick<EngineApi, ImageOperationName> {
  const { operations } = deps;
  const ready = async () => void (await deps.started());
  return {
    async imageList({ all }) {
      await ready();
      const containers = deps.containers.list();
      const records = deps.images.list();
      // Untagged images a build made steps on (intermediate ones) show only with `all`, as in Docker.
      const parents = new Set(records.map((record) => record.parent));
      return records.filter((record) => all || record.repoTags.length > 0 || !parents.has(record.id)).map((record) => ({
        ...toImageSummary(record),
        Containers: containers.filter((container) => container.imageId === record.id).length,
      }));
    },
    async imageCreate(request, sink) {
      await ready();
      const stream = new EngineStream();
      const report = (message: JsonMessage) => stream.delivered(sink.report(message));
      const created = request.fromSrc ? importFrom(deps, request, report) : pullImage(deps.pull, { fromImage: request.fromImage ?? "", tag: request.tag, platform: request.platform, registryAuth: request.registryAuth }, sink);
      created.then(
        () => stream.end(),
        (error: unknown) => stream.fail(error),
      );
      return stream;
    },
    async imageLoad({ body, quiet }, sink) {
      await ready();
      const stream = new EngineStream();
      loadImages(deps.archives, body, (message) => stream.delivered(sink.report(message)), { quiet }).then(
        async () => stream.end(),
        async (error: unknown) => {
          await deps.forgetRemovedImages();
          stream.fail(error);
        },
      );
      return stream;
    },
    async imageGet({ name }) {
      await ready();
      return saveImages(deps.archives, [name]);
    },
    async imageGetAll({ names }) {
      await ready();
      return saveImages(deps.archives, names ?? []);
    },
    async imageInspect({ name }) {
      await ready();
      return operations.inspect(name);
    },
    async imageHistory({ name }) {
      await ready();
      return operations.history(name);
    },
    async imageTag({ name, repo, tag }) {
      await ready();
      await operations.tag(name, repo ?? "", tag);
    },
    async imageDelete({ name, force, noprune }) {
      await ready();
      const removed = await operations.remove(name, Boolean(force), Boolean(noprune));
      await deps.forgetRemovedImages();
      return removed;
    },
    async imagePrune({ filters }) {
      await ready();
      const all = filters?.dangling?.includes("false") ?? false;
      const pruned = await operations.prune(all);
      await deps.forgetRemovedImages();
      return pruned;
    },
  };
}
