// Loads one image's manifest and config from an OCI image layout through an injected blob reader
// (fetch in the browser, the file system in Node). Follows index.json (and nested indexes) to the
// manifest for the wanted platform, and verifies each blob it reads: size and sha256 against its
// descriptor. Layer blobs are not read here: each layer is described with its config diff ID, to
// be verified when the LayerStore unpacks it.

import { EngineError } from "../../src/api/errors.ts";
import { SHA256_DIGEST, sha256Digest } from "../digest.ts";
import type { ImageLayer } from "./image-store.ts";
import { IndexMediaTypes, ManifestMediaTypes, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest, type OciLayout, type Platform } from "./oci-types.ts";
import { GUEST_PLATFORM, matchesPlatform, platformName } from "./platform.ts";

/** Reads a file of the layout by its path relative to the layout root ("index.json", "blobs/sha256/<hex>"). */
export type ReadBlob = (path: string) => Promise<Uint8Array>;

export interface LoadedImage {
  manifestDigest: string;
  manifest: ImageManifest;
  configDigest: string;
  config: ImageConfig;
  layers: ImageLayer[];
  /** Annotations of the manifest's entry in the index (image names live there). */
  annotations: Record<string, string>;
}

export interface LoadOptions {
  /** Defaults to linux/386, the guest's platform. */
  platform?: Platform;
}

const MAX_INDEX_DEPTH = 4;

function invalid(message: string): EngineError {
  return new EngineError("invalid", message);
}

function parseJson<T>(bytes: Uint8Array, what: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw invalid(`${what} is not valid JSON`);
  }
}

function checkDescriptor(descriptor: Descriptor, what: string): void {
  if (typeof descriptor?.digest !== "string" || !SHA256_DIGEST.test(descriptor.digest)) {
    throw invalid(`${what} has an unsupported or malformed digest ${JSON.stringify(descriptor?.digest)}`);
  }
  if (!Number.isSafeInteger(descriptor.size) || descriptor.size < 0) throw invalid(`${what} has no valid size`);
}

class LayoutLoader {
  constructor(
    private readonly readBlob: ReadBlob,
    private readonly options: Required<LoadOptions>,
  ) {}

  async load(): Promise<LoadedImage> {
    const layout = parseJson<OciLayout>(await this.readFile("oci-layout"), "oci-layout");
    if (typeof layout.imageLayoutVersion !== "string" || !layout.imageLayoutVersion.startsWith("1.")) {
      throw invalid(`unsupported OCI image layout version ${JSON.stringify(layout.imageLayoutVersion)}`);
    }
    const index = parseJson<ImageIndex>(await this.readFile("index.json"), "index.json");
    const seen: string[] = [];
    const found = await this.findManifest(index, {}, seen, 0);
    if (!found) {
      const wanted = platformName(this.options.platform);
      throw new EngineError("not-found", `no ${wanted} image in the layout (it has ${seen.join(", ") || "no image manifests"})`);
    }
    return this.loadImage(found.descriptor, found.manifest, found.config, found.annotations);
  }

  private async readFile(path: string): Promise<Uint8Array> {
    try {
      return await this.readBlob(path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EngineError("not-found", `cannot read "${path}" of the OCI image layout: ${reason}`);
    }
  }

  /** Reads a blob and checks it against its descriptor. */
  private async readVerified(descriptor: Descriptor, what: string): Promise<Uint8Array> {
    checkDescriptor(descriptor, what);
    const blob = await this.readFile(`blobs/sha256/${descriptor.digest.slice("sha256:".length)}`);
    if (blob.length !== descriptor.size) {
      throw invalid(`${what} ${descriptor.digest} is ${blob.length} bytes, but its descriptor says ${descriptor.size}`);
    }
    const actual = await sha256Digest(blob);
    if (actual !== descriptor.digest) throw invalid(`${what} ${descriptor.digest} is corrupt: its content hashes to ${actual}`);
    return blob;
  }

  /** Depth-first through the index (and nested indexes) to the first manifest for the platform. */
  private async findManifest(
    index: ImageIndex,
    inherited: Record<string, string>,
    seen: string[],
    depth: number,
  ): Promise<{ descriptor: Descriptor; manifest: ImageManifest; config: ImageConfig; annotations: Record<string, string> } | undefined> {
    if (!Array.isArray(index.manifests)) throw invalid("image index has no manifests list");
    if (depth > MAX_INDEX_DEPTH) throw invalid("image indexes are nested too deeply");
    for (const descriptor of index.manifests) {
      const annotations = { ...inherited, ...descriptor.annotations };
      if (descriptor.platform && !matchesPlatform(descriptor.platform, this.options.platform)) {
        seen.push(platformName(descriptor.platform));
        continue;
      }
      if (IndexMediaTypes.has(descriptor.mediaType)) {
        const nested = parseJson<ImageIndex>(await this.readVerified(descriptor, "image index"), `image index ${descriptor.digest}`);
        const found = await this.findManifest(nested, annotations, seen, depth + 1);
        if (found) return found;
      } else if (ManifestMediaTypes.has(descriptor.mediaType)) {
        const manifest = parseJson<ImageManifest>(await this.readVerified(descriptor, "manifest"), `manifest ${descriptor.digest}`);
        if (!manifest.config || !Array.isArray(manifest.layers)) throw invalid(`manifest ${descriptor.digest} lacks config or layers`);
        const config = parseJson<ImageConfig>(await this.readVerified(manifest.config, "image config"), `image config ${manifest.config.digest}`);
        if (matchesPlatform(config, this.options.platform)) return { descriptor, manifest, config, annotations };
        seen.push(platformName(config));
      }
    }
    return undefined;
  }

  private loadImage(descriptor: Descriptor, manifest: ImageManifest, config: ImageConfig, annotations: Record<string, string>): LoadedImage {
    const diffIds = config.rootfs?.diff_ids;
    if (!Array.isArray(diffIds) || diffIds.length !== manifest.layers.length) {
      throw invalid(`image config ${manifest.config.digest} lists ${diffIds?.length ?? 0} diff IDs for ${manifest.layers.length} layers`);
    }
    const layers = manifest.layers.map((layer, i): ImageLayer => {
      checkDescriptor(layer, "layer");
      const diffId = diffIds[i];
      if (typeof diffId !== "string" || !SHA256_DIGEST.test(diffId)) {
        throw invalid(`image config ${manifest.config.digest} has a malformed diff ID ${JSON.stringify(diffId)}`);
      }
      return { digest: layer.digest, diffId, size: layer.size, mediaType: layer.mediaType };
    });
    return { manifestDigest: descriptor.digest, manifest, configDigest: manifest.config.digest, config, layers, annotations };
  }
}

/** Loads and verifies the manifest and config of the image for the wanted platform. */
export function loadOciLayout(readBlob: ReadBlob, options: LoadOptions = {}): Promise<LoadedImage> {
  return new LayoutLoader(readBlob, { platform: options.platform ?? GUEST_PLATFORM }).load();
}
