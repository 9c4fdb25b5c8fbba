// `docker save`: images from the store as one archive in the format Docker 25+ writes, which is at
// once an OCI image layout (oci-layout, index.json naming each image with its
// io.containerd.image.name and org.opencontainers.image.ref.name annotations, blobs/sha256/…) and
// a classic `docker save` archive (manifest.json listing each image's config, tags and layers as
// blob paths, and the legacy `repositories` file). Blobs are the stored ones: the config as it was
// pulled or made (its digest is the image id) and each layer blob as distributed.

import { EngineError } from "../../src/api/errors.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import type { ContentStore } from "../content/content-store.ts";
import { sha256Digest } from "../digest.ts";
import type { ImageEvents } from "./image-events.ts";
import type { ImageRecord, ImageStore } from "./image-store.ts";
import { Annotation, MediaType, type Descriptor, type ImageIndex, type ImageManifest } from "./oci-types.ts";
import { familiarName, familiarString, parseImageReference, referenceString, repositoryName, type ImageReference } from "./reference.ts";

export interface ImageSaveDependencies {
  images: ImageStore;
  content: ContentStore;
  events: ImageEvents;
}

interface SavedImage {
  record: ImageRecord;
  /** Fully qualified tags to save it under, in order. */
  tags: string[];
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));
const hex = (digest: string) => digest.slice("sha256:".length);
const blobPath = (digest: string) => `blobs/sha256/${hex(digest)}`;

/** The reference a name is, or undefined for an image id ("sha256:<hex>" reads as a tag otherwise). */
function parsedOrUndefined(name: string): ImageReference | undefined {
  if (/^sha256:[0-9a-f]+$/.test(name)) return undefined;
  try {
    return parseImageReference(name);
  } catch {
    return undefined;
  }
}

/**
 * The images the names select, as Docker selects them: a repository without tag means all its
 * tags, a tag that one tag, an id or digest the image without a tag.
 */
function selectImages(images: ImageStore, names: string[]): SavedImage[] {
  const selected = new Map<string, SavedImage>();
  const add = (record: ImageRecord, tag?: string) => {
    const entry = selected.get(record.id) ?? { record, tags: [] };
    if (tag !== undefined && !entry.tags.includes(tag)) entry.tags.push(tag);
    selected.set(record.id, entry);
  };
  for (const name of names) {
    const reference = parsedOrUndefined(name);
    if (reference && reference.tag === undefined && reference.digest === undefined) {
      const repository = repositoryName(reference);
      const tagged = images.list().flatMap((record) => record.repoTags.filter((tag) => tag.startsWith(`${repository}:`)).map((tag) => ({ record, tag })));
      if (tagged.length > 0) {
        for (const { record, tag } of tagged) add(record, tag);
        continue;
      }
    }
    const record = images.resolve(name);
    add(record, reference?.tag !== undefined && reference.digest === undefined ? referenceString(reference) : undefined);
  }
  return [...selected.values()];
}

/** The image's config as stored (pulled, loaded and embedded images keep it), else as made here. */
async function configBlob(content: ContentStore, record: ImageRecord): Promise<{ digest: string; bytes: Uint8Array }> {
  if (await content.info(record.id)) return { digest: record.id, bytes: await content.read(record.id) };
  const bytes = json(record.config);
  return { digest: await sha256Digest(bytes), bytes };
}

/** An OCI manifest names its layers with OCI media types. */
function ociLayerMediaType(mediaType: string): string {
  return mediaType === MediaType.DockerLayerGzip ? MediaType.LayerGzip : mediaType;
}

/** The layout and Docker's files, by path. */
async function archiveFiles(content: ContentStore, saved: SavedImage[]): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [] };
  const dockerManifest: { Config: string; RepoTags: string[] | null; Layers: string[] }[] = [];
  const repositories: Record<string, Record<string, string>> = {};

  for (const { record, tags } of saved) {
    const config = await configBlob(content, record);
    files.set(blobPath(config.digest), config.bytes);
    for (const layer of record.layers) {
      if (files.has(blobPath(layer.digest))) continue;
      if (!(await content.info(layer.digest))) throw new EngineError("not-found", `failed to save ${record.id}: layer ${layer.digest} is not in the content store`);
      files.set(blobPath(layer.digest), await content.read(layer.digest));
    }
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ImageManifest,
      config: { mediaType: MediaType.ImageConfig, digest: config.digest, size: config.bytes.length },
      layers: record.layers.map((layer) => ({ mediaType: ociLayerMediaType(layer.mediaType), digest: layer.digest, size: layer.size })),
    };
    const manifestBytes = json(manifest);
    const descriptor: Descriptor = { mediaType: MediaType.ImageManifest, digest: await sha256Digest(manifestBytes), size: manifestBytes.length };
    files.set(blobPath(descriptor.digest), manifestBytes);

    if (tags.length === 0) index.manifests.push(descriptor);
    for (const tag of tags) {
      const reference = parseImageReference(tag);
      index.manifests.push({ ...descriptor, annotations: { [Annotation.ContainerdImageName]: tag, [Annotation.RefName]: reference.tag ?? "" } });
      const top = record.layers.at(-1);
      if (top) (repositories[familiarName(reference)] ??= {})[reference.tag ?? ""] = hex(top.digest);
    }
    dockerManifest.push({
      Config: blobPath(config.digest),
      RepoTags: tags.length > 0 ? tags.map((tag) => familiarString(parseImageReference(tag))) : null,
      Layers: record.layers.map((layer) => blobPath(layer.digest)),
    });
  }
  files.set("index.json", json(index));
  files.set("manifest.json", json(dockerManifest));
  files.set("oci-layout", json({ imageLayoutVersion: "1.0.0" }));
  files.set("repositories", json(repositories));
  return files;
}

/** The archive of the images `names` select; throws Docker's "No such image" for a name that selects none. */
export async function saveImages(deps: ImageSaveDependencies, names: string[]): Promise<Uint8Array> {
  if (names.length === 0) throw new EngineError("invalid", "no images to save: name at least one");
  const saved = selectImages(deps.images, names);
  const files = await archiveFiles(deps.content, saved);
  const entries: TarWriterEntry[] = [
    { path: "blobs", type: "dir" },
    { path: "blobs/sha256", type: "dir" },
    ...[...files].map(([path, data]): TarWriterEntry => ({ path, type: "file", data })),
  ];
  const archive = writeTar(entries);
  for (const { record } of saved) deps.events.publish("save", record.id, record.id);
  return archive;
}
