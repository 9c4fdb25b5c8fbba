// The images the engine knows.
//
// Lifecycle of an image record: it enters when an image is loaded (embedded layouts at start-up)
// or pulled, keyed by its id, the digest of its config. References (tags) then point at it; a tag
// points at one image, so tagging another image with it leaves the first untagged ("dangling").
// Containers refer to an image by id, so an image in use must not be removed (the engine checks
// its containers before calling remove). Removal drops the record; its layers stay in the
// LayerStore until no image needs them.
// Persistence: records live in an in-memory index, so lookups are synchronous; the index is loaded
// from an ImageMetadataStore once at start, and every change is written through to it.

import { EngineError } from "../../src/api/errors.ts";
import type { ImageSummary } from "../../src/api/types.ts";
import type { ImageMetadataStore } from "./image-metadata-store.ts";
import type { ImageConfig } from "./oci-types.ts";
import { familiarString, parseImageReference, referenceString, repositoryName, withDefaultTag } from "./reference.ts";

export interface ImageLayer {
  /** Digest of the blob as distributed (compressed or not). */
  digest: string;
  /** Digest of the uncompressed tar: the key into the LayerStore. */
  diffId: string;
  /** Size of the blob as distributed. */
  size: number;
  mediaType: string;
  /** Size of the uncompressed tar, once known. */
  unpackedSize?: number;
}

export interface ImageRecord {
  /** "sha256:<hex>": the digest of the image config. */
  id: string;
  /** Fully qualified, e.g. "docker.io/library/busybox:latest". */
  repoTags: string[];
  /** Fully qualified, e.g. "docker.io/library/busybox@sha256:<manifest digest>". */
  repoDigests: string[];
  /** Seconds since the epoch. */
  created: number;
  /** Uncompressed size of all layers, in bytes. */
  size: number;
  config: ImageConfig;
  layers: ImageLayer[];
  /** For an image a build step made: the image the step started from (none after FROM scratch). */
  parent?: string;
  /** For an image a build step made: the step's layer cache key (worker/build/step-images.ts). */
  buildCacheKey?: string;
}

export interface ImageStore {
  /** Stores an image, or merges its tags and digests into the record with the same id. */
  add(record: ImageRecord): Promise<ImageRecord>;
  /** Points a reference (default tag "latest") at an image, taking it from any other image. */
  tag(id: string, reference: string): Promise<void>;
  /** Removes a tag, or a repository digest ("name@sha256:…"), and returns the image it pointed at. */
  untag(reference: string): Promise<ImageRecord>;
  /**
   * Finds an image the way Docker resolves user input: a full id ("sha256:<hex>" or 64 hex), a
   * reference ("busybox", "busybox:latest", "busybox@sha256:<manifest digest>"), else a unique
   * prefix of an id. Throws EngineError("not-found") with Docker's "No such image" message.
   */
  resolve(refOrId: string): ImageRecord;
  get(id: string): ImageRecord | undefined;
  list(): ImageRecord[];
  remove(id: string): Promise<void>;
}

const FULL_ID = /^(?:sha256:)?([0-9a-f]{64})$/;
const ID_PREFIX = /^(?:sha256:)?([0-9a-f]+)$/;

/** The fully qualified tag a reference names; refuses digest references. */
function tagOf(reference: string): string {
  const parsed = withDefaultTag(parseImageReference(reference));
  if (parsed.digest !== undefined) throw new EngineError("invalid", "refusing to create a tag with a digest reference");
  return referenceString(parsed);
}

/**
 * The ImageStore over an in-memory index written through to `metadata`. Each change updates the
 * index at once and hands every record it touched to one `put`, so the write is atomic and writes
 * reach the backend in the order of the changes. A change whose write fails rejects; the index
 * keeps it until the next `load`.
 */
export class PersistedImageStore implements ImageStore {
  private readonly images = new Map<string, ImageRecord>();

  constructor(private readonly metadata: ImageMetadataStore) {}

  /** Replaces the index with the stored records: call once at start, before any other method. */
  async load(): Promise<void> {
    const records = await this.metadata.load();
    this.images.clear();
    for (const record of records) this.images.set(record.id, record);
  }

  async add(record: ImageRecord): Promise<ImageRecord> {
    const tags = record.repoTags.map(tagOf);
    const stored = this.images.get(record.id) ?? { ...record, repoTags: [], repoDigests: [] };
    this.images.set(record.id, stored);
    const changed = new Set([stored]);
    for (const tag of tags) for (const image of this.moveTag(tag, stored)) changed.add(image);
    for (const digest of record.repoDigests) if (!stored.repoDigests.includes(digest)) stored.repoDigests.push(digest);
    await this.metadata.put(...changed);
    return stored;
  }

  async tag(id: string, reference: string): Promise<void> {
    const image = this.images.get(id);
    if (!image) throw new EngineError("not-found", `No such image: ${id}`);
    await this.metadata.put(...this.moveTag(tagOf(reference), image));
  }

  async untag(reference: string): Promise<ImageRecord> {
    const parsed = parseImageReference(reference);
    if (parsed.digest !== undefined) return this.untagDigest(`${repositoryName(parsed)}@${parsed.digest}`);
    const tag = referenceString(withDefaultTag(parsed));
    const image = [...this.images.values()].find((i) => i.repoTags.includes(tag));
    if (!image) throw new EngineError("not-found", `No such image: ${familiarString(parseImageReference(tag))}`);
    image.repoTags = image.repoTags.filter((t) => t !== tag);
    await this.metadata.put(image);
    return image;
  }

  private async untagDigest(repoDigest: string): Promise<ImageRecord> {
    const image = [...this.images.values()].find((i) => i.repoDigests.includes(repoDigest));
    if (!image) throw new EngineError("not-found", `No such image: ${familiarString(parseImageReference(repoDigest))}`);
    image.repoDigests = image.repoDigests.filter((d) => d !== repoDigest);
    await this.metadata.put(image);
    return image;
  }

  resolve(refOrId: string): ImageRecord {
    const fullId = FULL_ID.exec(refOrId);
    if (fullId) {
      const image = this.images.get(`sha256:${fullId[1]}`);
      if (image) return image;
      throw new EngineError("not-found", `No such image: sha256:${fullId[1]}`);
    }
    const reference = withDefaultTag(parseImageReference(refOrId));
    const byReference =
      reference.digest === undefined
        ? (image: ImageRecord) => image.repoTags.includes(referenceString(reference))
        : (image: ImageRecord) => image.repoDigests.includes(`${repositoryName(reference)}@${reference.digest}`);
    const found = [...this.images.values()].find(byReference) ?? this.byUniqueIdPrefix(refOrId);
    if (found) return found;
    throw new EngineError("not-found", `No such image: ${familiarString(reference)}`);
  }

  get(id: string): ImageRecord | undefined {
    return this.images.get(id);
  }

  list(): ImageRecord[] {
    return [...this.images.values()];
  }

  async remove(id: string): Promise<void> {
    if (!this.images.delete(id)) throw new EngineError("not-found", `No such image: ${id}`);
    await this.metadata.delete(id);
  }

  /** Moves `tag` to `image` (to the end of its tags) and returns the records that changed. */
  private moveTag(tag: string, image: ImageRecord): ImageRecord[] {
    const previousHolders = [...this.images.values()].filter((other) => other !== image && other.repoTags.includes(tag));
    for (const other of previousHolders) other.repoTags = other.repoTags.filter((t) => t !== tag);
    image.repoTags = [...image.repoTags.filter((t) => t !== tag), tag];
    return [image, ...previousHolders];
  }

  private byUniqueIdPrefix(input: string): ImageRecord | undefined {
    const prefix = ID_PREFIX.exec(input)?.[1];
    if (prefix === undefined) return undefined;
    const matches = [...this.images.values()].filter((image) => image.id.startsWith(`sha256:${prefix}`));
    return matches.length === 1 ? matches[0] : undefined;
  }
}

/** Seconds since the epoch of an RFC 3339 time in an image config, 0 when absent or unreadable. */
export function epochSeconds(time: string | undefined): number {
  const milliseconds = Date.parse(time ?? "");
  return Number.isNaN(milliseconds) ? 0 : Math.floor(milliseconds / 1000);
}

/** The Docker API's view of a record (names in familiar form, as `docker images` shows them). */
export function toImageSummary(record: ImageRecord): ImageSummary {
  const familiar = (reference: string) => familiarString(parseImageReference(reference));
  return {
    Id: record.id,
    ParentId: record.parent ?? "",
    RepoTags: record.repoTags.map(familiar),
    RepoDigests: record.repoDigests.map(familiar),
    Created: record.created,
    Size: record.size,
    SharedSize: -1,
    Labels: record.config.config?.Labels ?? {},
    Containers: -1,
  };
}
