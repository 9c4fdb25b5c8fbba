// Image management as Docker's daemon does it: inspect, history, tag, remove (keeping layers other
// images share, refusing images containers use unless forced) and prune. Removing an image also
// deletes the layer blobs no remaining image needs. Tags, untags and deletions are published as
// Docker's image events (an untag or delete names the image by its id, as Docker does).

import { EngineError } from "../../src/api/errors.ts";
import type {
  ImageDeleteResponseItem,
  ImageHistoryItem,
  ImageInspect,
  ImagePruneResponse,
} from "../../src/api/types.ts";
import type { ContentStore } from "../content/content-store.ts";
import { sha256Digest } from "../digest.ts";
import type { ImageEvents } from "./image-events.ts";
import { epochSeconds, type ImageRecord, type ImageStore } from "./image-store.ts";
import type { HistoryEntry } from "./oci-types.ts";
import { familiarString, parseImageReference, referenceString, withDefaultTag } from "./reference.ts";

export interface ContainerUse {
  id: string;
  running: boolean;
}

export interface ImageOperationsDependencies {
  images: ImageStore;
  content: ContentStore;
  /** Drops unpacked layer tars no stored image needs any more. */
  forgetLayersExcept(diffIds: ReadonlySet<string>): void;
  /** The containers (running or not) created from an image. */
  containersUsing(imageId: string): ContainerUse[];
  events: ImageEvents;
}

const shortId = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);
const FULL_OR_PREFIX_ID = /^(?:sha256:)?[0-9a-f]+$/;

export class ImageOperations {
  constructor(private readonly deps: ImageOperationsDependencies) {}

  inspect(name: string): ImageInspect {
    const image = this.deps.images.resolve(name);
    const { config } = image;
    return {
      Id: image.id,
      RepoTags: image.repoTags.map(familiar),
      RepoDigests: image.repoDigests.map(familiar),
      Parent: image.parent ?? "",
      Comment: "",
      Created: config.created ?? new Date(image.created * 1000).toISOString(),
      Author: config.author ?? "",
      Config: config.config ? { ...config.config, Entrypoint: config.config.Entrypoint ?? undefined, Cmd: config.config.Cmd ?? undefined } : {},
      Architecture: config.architecture,
      ...(config.variant ? { Variant: config.variant } : {}),
      Os: config.os,
      Size: image.size,
      GraphDriver: { Name: "overlayfs", Data: null },
      RootFS: { Type: "layers", Layers: image.layers.map((layer) => layer.diffId) },
      Metadata: {},
    };
  }

  history(name: string): ImageHistoryItem[] {
    const image = this.deps.images.resolve(name);
    const history: HistoryEntry[] = image.config.history ?? image.layers.map(() => ({}));
    const layerSizes = image.layers.map((layer) => layer.unpackedSize ?? 0);
    let layerIndex = 0;
    const items = history.map((entry) => {
      const size = entry.empty_layer ? 0 : (layerSizes[layerIndex++] ?? 0);
      return {
        Id: "<missing>",
        Created: epochSeconds(entry.created),
        CreatedBy: entry.created_by ?? "",
        Tags: [] as string[],
        Size: size,
        Comment: entry.comment ?? "",
      };
    });
    // The image, and the images a build made on the way to it, name the entries that end them.
    for (let owner: ImageRecord | undefined = image; owner; owner = owner.parent === undefined ? undefined : this.deps.images.get(owner.parent)) {
      const item = items[(owner.config.history?.length ?? 0) - 1];
      if (!item) break;
      item.Id = owner.id;
      item.Tags = owner.repoTags.map(familiar);
    }
    return items.reverse();
  }

  async tag(name: string, repo: string, tag?: string): Promise<void> {
    const image = this.deps.images.resolve(name);
    const target = withDefaultTag(parseImageReference(tag ? `${repo}:${tag}` : repo));
    await this.deps.images.tag(image.id, referenceString(target));
    this.deps.events.publish("tag", image.id, familiarString(target));
  }

  /** Removes as Docker does; unless `noprune`, the untagged parents a build left go with the image. */
  async remove(name: string, force: boolean, noprune = false): Promise<ImageDeleteResponseItem[]> {
    const image = this.deps.images.resolve(name);
    const byId = FULL_OR_PREFIX_ID.test(name) && image.id.replace(/^sha256:/, "").startsWith(name.replace(/^sha256:/, ""));
    const users = this.deps.containersUsing(image.id);
    const running = users.find((user) => user.running);

    if (!byId) {
      const tag = referenceString(withDefaultTag(parseImageReference(name)));
      const isTag = image.repoTags.includes(tag);
      if (isTag && image.repoTags.length > 1) {
        await this.deps.images.untag(tag);
        this.deps.events.publish("untag", image.id, image.id);
        return [{ Untagged: familiar(tag) }];
      }
      if (users.length > 0 && !force) {
        throw new EngineError(
          "conflict",
          `conflict: unable to remove repository reference "${name}" (must force) - container ${shortId(users[0]!.id)} is using its referenced image ${shortId(image.id)}`,
        );
      }
    } else {
      if (running) {
        throw new EngineError(
          "conflict",
          `conflict: unable to delete ${shortId(image.id)} (cannot be forced) - image is being used by running container ${shortId(running.id)}`,
        );
      }
      if (image.repoTags.length > 1 && !force) {
        throw new EngineError(
          "conflict",
          `conflict: unable to delete ${shortId(image.id)} (must be forced) - image is referenced in multiple repositories`,
        );
      }
      if (users.length > 0 && !force) {
        throw new EngineError(
          "conflict",
          `conflict: unable to delete ${shortId(image.id)} (must be forced) - image is being used by stopped container ${shortId(users[0]!.id)}`,
        );
      }
    }

    const untagged = await this.#untagAll(image);
    // An image a container still uses stays, untagged, as Docker keeps it.
    if (users.length > 0) return untagged;
    return [...untagged, ...(await this.#deleteWithParents(image, !noprune)).items];
  }

  /** Considers only images no other image was built on, as Docker does; their untagged parents go with them. */
  async prune(all: boolean): Promise<ImagePruneResponse> {
    const images = this.deps.images.list();
    const parents = new Set(images.map((image) => image.parent));
    const candidates = images.filter(
      (image) => !parents.has(image.id) && (all || image.repoTags.length === 0) && this.deps.containersUsing(image.id).length === 0,
    );
    const deleted: ImageDeleteResponseItem[] = [];
    let reclaimed = 0;
    for (const image of candidates) {
      const untagged = await this.#untagAll(image);
      const { items, freedBytes } = await this.#deleteWithParents(image, true);
      deleted.push(...untagged, ...items);
      reclaimed += freedBytes;
    }
    this.deps.events.pruned(reclaimed);
    return { ImagesDeleted: deleted, SpaceReclaimed: reclaimed };
  }

  async #untagAll(image: ImageRecord): Promise<ImageDeleteResponseItem[]> {
    const items: ImageDeleteResponseItem[] = [];
    for (const reference of [...image.repoTags, ...image.repoDigests]) {
      await this.deps.images.untag(reference);
      this.deps.events.publish("untag", image.id, image.id);
      items.push({ Untagged: familiar(reference) });
    }
    return items;
  }

  /** Deletes the image, then (with `prune`) each parent that is untagged, unused and has no other child. */
  async #deleteWithParents(image: ImageRecord, prune: boolean): Promise<{ items: ImageDeleteResponseItem[]; freedBytes: number }> {
    const result = await this.#delete(image);
    for (let parent = prune ? this.#prunableParent(image) : undefined; parent; parent = this.#prunableParent(parent)) {
      const { items, freedBytes } = await this.#delete(parent);
      result.items.push(...items);
      result.freedBytes += freedBytes;
    }
    return result;
  }

  #prunableParent(image: ImageRecord): ImageRecord | undefined {
    const parent = image.parent === undefined ? undefined : this.deps.images.get(image.parent);
    if (!parent || parent.repoTags.length > 0 || this.deps.containersUsing(parent.id).length > 0) return undefined;
    return this.deps.images.list().some((other) => other.parent === parent.id) ? undefined : parent;
  }

  /**
   * Removes the record and the layer blobs no other image shares; reports them as Docker does,
   * with the bytes the deleted blobs took in the content store.
   */
  async #delete(image: ImageRecord): Promise<{ items: ImageDeleteResponseItem[]; freedBytes: number }> {
    await this.deps.images.remove(image.id);
    this.deps.events.publish("delete", image.id, image.id);
    const remaining = this.deps.images.list();
    const usedBlobs = new Set(remaining.flatMap((other) => other.layers.map((layer) => layer.digest)));
    const usedDiffIds = new Set(remaining.flatMap((other) => other.layers.map((layer) => layer.diffId)));
    const items: ImageDeleteResponseItem[] = [{ Deleted: image.id }];
    const chainIds = await layerChainIds(image.layers.map((layer) => layer.diffId));
    let freedBytes = 0;
    for (const [index, layer] of image.layers.entries()) {
      if (usedBlobs.has(layer.digest)) continue;
      const stored = await this.deps.content.info(layer.digest);
      if (stored) {
        await this.deps.content.delete(layer.digest).catch(() => undefined);
        freedBytes += stored.size;
      }
      items.push({ Deleted: chainIds[index]! });
    }
    // The config blob, which pulled, loaded and embedded images keep (as distributed, for save and push), is this image's alone.
    const config = await this.deps.content.info(image.id);
    if (config) {
      await this.deps.content.delete(image.id).catch(() => undefined);
      freedBytes += config.size;
    }
    this.deps.forgetLayersExcept(usedDiffIds);
    return { items, freedBytes };
  }
}

/** The chain IDs of a layer stack (OCI image spec: each layer's id given everything beneath it). */
export async function layerChainIds(diffIds: string[]): Promise<string[]> {
  const chain: string[] = [];
  for (const diffId of diffIds) {
    const below = chain[chain.length - 1];
    chain.push(below === undefined ? diffId : await sha256Digest(new TextEncoder().encode(`${below} ${diffId}`)));
  }
  return chain;
}

function familiar(reference: string): string {
  return familiarString(parseImageReference(reference));
}
