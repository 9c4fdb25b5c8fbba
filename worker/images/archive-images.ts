// The images an archive for `docker load` holds, read and verified before anything is stored. Two
// sources give the same shape (a LoadedImage, its names, and its blobs by layout path):
// - Docker's manifest.json (every `docker save`): each entry names its config, tags and layer
//   files. Older Docker writes `<id>.json` and `<id>/layer.tar` (uncompressed), Docker 25+ and
//   berth `blobs/sha256/<hex>`; a file named by a digest must hash to it, and the config's own
//   digest is the image id.
// - An OCI image layout (oci-layout, index.json) without manifest.json: each index entry is read
//   as the embedded images are (oci-layout.ts), for the guest's platform.
// Entries naming the same image (same config) are merged.

import { EngineError } from "../../src/api/errors.ts";
import { sha256Digest } from "../digest.ts";
import { invalidArchive, type ArchiveFiles } from "./archive-files.ts";
import type { ImageLayer } from "./image-store.ts";
import { imageName } from "./import-image.ts";
import { loadOciLayout, type LoadedImage, type ReadBlob } from "./oci-layout.ts";
import { MediaType, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from "./oci-types.ts";
import { GUEST_PLATFORM, GUEST_PLATFORM_REASON, matchesPlatform, platformName } from "./platform.ts";
import { normalizeImageReference } from "./reference.ts";

export interface ArchivedImage {
  loaded: LoadedImage;
  /** Fully qualified references the archive gives it. */
  names: string[];
}

export interface ImageArchive {
  images: ArchivedImage[];
  /** The blobs of the images (configs and layers) by layout path, "blobs/sha256/<hex>". */
  readBlob: ReadBlob;
}

interface DockerManifestEntry {
  Config?: unknown;
  RepoTags?: unknown;
  Layers?: unknown;
}

const DIGEST_NAMED = /(?:^|\/)(?:blobs\/sha256\/)?([0-9a-f]{64})(?:\.json)?$/;
const MAX_JSON_BYTES = 32 * 1024 * 1024;

function parseJson<T>(bytes: Uint8Array, what: string): T {
  if (bytes.length > MAX_JSON_BYTES) throw invalidArchive(`${what} is ${bytes.length} bytes, more than a ${what} can be`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw invalidArchive(`${what} is not valid JSON`);
  }
}

function blobPath(digest: string): string {
  return `blobs/sha256/${digest.slice("sha256:".length)}`;
}

/** What a layer file holds, by its magic number. */
function layerMediaType(bytes: Uint8Array): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return MediaType.LayerGzip;
  if (bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) return MediaType.LayerZstd;
  return MediaType.Layer;
}

function checkPlatform(config: ImageConfig, what: string): void {
  if (!matchesPlatform(config, GUEST_PLATFORM)) {
    throw new EngineError("invalid", `${what} is for ${platformName(config)}, not linux/386: ${GUEST_PLATFORM_REASON}`);
  }
}

function names(tags: unknown, what: string): string[] {
  if (tags === undefined || tags === null) return [];
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== "string")) throw invalidArchive(`${what} has malformed RepoTags`);
  return tags.map((tag: string) => normalizeImageReference(tag));
}

class DockerManifestReader {
  readonly blobs = new Map<string, Uint8Array>();

  constructor(private readonly files: ArchiveFiles) {}

  async read(): Promise<ArchivedImage[]> {
    const entries = parseJson<DockerManifestEntry[]>(this.files.read("manifest.json")!, "manifest.json");
    if (!Array.isArray(entries)) throw invalidArchive("manifest.json is not a list of images");
    const images: ArchivedImage[] = [];
    for (const entry of entries) images.push(await this.#image(entry));
    return images;
  }

  /** A file manifest.json names, checked against the digest its name carries, kept as a blob. */
  async #blob(path: unknown, what: string): Promise<{ digest: string; bytes: Uint8Array }> {
    if (typeof path !== "string") throw invalidArchive(`manifest.json has an entry with a malformed ${what} path`);
    const bytes = this.files.read(path);
    if (bytes === undefined) throw invalidArchive(`manifest.json names the ${what} "${path}", which is not in the archive`);
    const digest = await sha256Digest(bytes);
    const named = DIGEST_NAMED.exec(path)?.[1];
    if (named !== undefined && digest !== `sha256:${named}`) {
      throw invalidArchive(`the ${what} "${path}" is corrupt: its content hashes to ${digest}`);
    }
    this.blobs.set(blobPath(digest), bytes);
    return { digest, bytes };
  }

  async #image(entry: DockerManifestEntry): Promise<ArchivedImage> {
    if (typeof entry !== "object" || entry === null || !Array.isArray(entry.Layers)) throw invalidArchive("manifest.json has an entry without Layers");
    const configBlob = await this.#blob(entry.Config, "config");
    const config = parseJson<ImageConfig>(configBlob.bytes, `image config ${configBlob.digest}`);
    const diffIds = config.rootfs?.diff_ids;
    if (!Array.isArray(diffIds) || diffIds.length !== entry.Layers.length) {
      throw invalidArchive(`image config ${configBlob.digest} lists ${Array.isArray(diffIds) ? diffIds.length : 0} diff IDs for ${entry.Layers.length} layers`);
    }
    checkPlatform(config, `image ${configBlob.digest}`);
    const layers: ImageLayer[] = [];
    const descriptors: Descriptor[] = [];
    for (const [index, path] of entry.Layers.entries()) {
      const { digest, bytes } = await this.#blob(path, "layer");
      const mediaType = layerMediaType(bytes);
      layers.push({ digest, diffId: String(diffIds[index]), size: bytes.length, mediaType });
      descriptors.push({ mediaType, digest, size: bytes.length });
    }
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ImageManifest,
      config: { mediaType: MediaType.ImageConfig, digest: configBlob.digest, size: configBlob.bytes.length },
      layers: descriptors,
    };
    const manifestDigest = await sha256Digest(new TextEncoder().encode(JSON.stringify(manifest)));
    const loaded: LoadedImage = { manifestDigest, manifest, configDigest: configBlob.digest, config, layers, annotations: {} };
    return { loaded, names: names(entry.RepoTags, `manifest.json's entry for ${configBlob.digest}`) };
  }
}

/** Each entry of the layout's index.json, loaded on its own through a one-entry index. */
async function ociLayoutImages(files: ArchiveFiles, readFile: ReadBlob): Promise<ArchivedImage[]> {
  const index = parseJson<ImageIndex>(files.read("index.json")!, "index.json");
  if (!Array.isArray(index.manifests)) throw invalidArchive("index.json has no manifests list");
  const images: ArchivedImage[] = [];
  for (const entry of index.manifests) {
    const single: ImageIndex = { schemaVersion: 2, manifests: [entry] };
    const read: ReadBlob = async (path) => (path === "index.json" ? new TextEncoder().encode(JSON.stringify(single)) : readFile(path));
    const loaded = await loadOciLayout(read);
    const name = imageName(loaded);
    images.push({ loaded, names: name ? [normalizeImageReference(name)] : [] });
  }
  return images;
}

/** Same config, same image: one entry with every name. */
function merged(images: ArchivedImage[]): ArchivedImage[] {
  const byId = new Map<string, ArchivedImage>();
  for (const image of images) {
    const existing = byId.get(image.loaded.configDigest);
    if (existing) existing.names = [...new Set([...existing.names, ...image.names])];
    else byId.set(image.loaded.configDigest, { ...image, names: [...new Set(image.names)] });
  }
  return [...byId.values()];
}

/** Reads and verifies the archive's images. Throws EngineError for anything malformed, corrupt or missing. */
export async function readImageArchive(files: ArchiveFiles): Promise<ImageArchive> {
  const readFile: ReadBlob = async (path) => {
    const bytes = files.read(path);
    if (bytes === undefined) throw new EngineError("not-found", `"${path}" is not in the archive`);
    return bytes;
  };
  if (files.read("manifest.json") !== undefined) {
    const reader = new DockerManifestReader(files);
    const images = merged(await reader.read());
    return { images, readBlob: async (path) => reader.blobs.get(path) ?? readFile(path) };
  }
  if (files.read("index.json") !== undefined && files.has("oci-layout")) {
    return { images: merged(await ociLayoutImages(files, readFile)), readBlob: readFile };
  }
  if (files.has("repositories")) {
    throw invalidArchive("the archive is in the pre-1.10 format of `docker save` (no manifest.json), which berth does not load");
  }
  throw invalidArchive("it holds neither manifest.json (a `docker save` archive) nor index.json and oci-layout (an OCI image layout)");
}
