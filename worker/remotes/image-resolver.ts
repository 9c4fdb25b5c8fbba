// Resolves a reference to the image for one platform: the top-level manifest (by tag or digest),
// the platform's manifest when that is an index, and the image config. Every document is verified
// against its digest: the reference's, the index entry's, and the registry's Docker-Content-Digest.

import { EngineError } from "../../src/api/errors.ts";
import { SHA256_DIGEST, sha256Digest } from "../digest.ts";
import { ManifestMediaTypes, MediaType, type Descriptor, type ImageConfig, type ImageManifest, type Platform } from "../images/oci-types.ts";
import { DEFAULT_TAG, familiarString, type ImageReference } from "../images/reference.ts";
import { readBody } from "./body-reader.ts";
import { MANIFEST_ACCEPT, parseManifestDocument, type ManifestDocument } from "./manifest-document.ts";
import { isAttestationPlatform, matchesPlatform, platformName } from "../images/platform.ts";
import { configVerificationFailed, manifestVerificationFailed, noMatchingManifest, platformMismatch } from "./registry-errors.ts";
import type { RegistryRepository } from "./registry-repository.ts";
import type { Retry } from "./retry.ts";

export interface ResolvedImage {
  reference: ImageReference;
  /** The digest the image is known by (RepoDigests): the top-level document's, index or manifest. */
  manifestDigest: string;
  /** The platform's image manifest. */
  manifest: ImageManifest;
  manifestBytes: Uint8Array;
  manifestMediaType: string;
  platformManifestDigest: string;
  /** The index the manifest was selected from, when the reference named one. */
  index?: { digest: string; mediaType: string; bytes: Uint8Array };
  configDescriptor: Descriptor;
  config: ImageConfig;
  configBytes: Uint8Array;
}

interface FetchedManifest {
  digest: string;
  bytes: Uint8Array;
  document: ManifestDocument;
}

type ManifestOnly = Extract<ManifestDocument, { kind: "manifest" }>;
type PlatformImage = Omit<ResolvedImage, "manifestDigest" | "index">;

/** Docker's limit for a manifest body. */
const maxManifestBytes = 4 * 1024 * 1024;
const maxConfigBytes = 32 * 1024 * 1024;
const CONFIG_TYPES: ReadonlySet<string> = new Set([MediaType.ImageConfig, MediaType.DockerConfig]);

export class ImageResolver {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly retry: Retry,
    private readonly platform: Platform,
  ) {}

  async resolve(): Promise<ResolvedImage> {
    const { reference } = this.repository;
    const top = await this.#fetchManifest(reference.digest ?? reference.tag ?? DEFAULT_TAG, reference.digest);
    if (top.document.kind === "manifest") {
      const image = await this.#image(top.digest, top.bytes, top.document);
      if (!matchesPlatform(image.config, this.platform)) throw platformMismatch(reference, this.platform, image.config);
      return { ...image, manifestDigest: top.digest };
    }

    const entries = top.document.index.manifests;
    const available = entries.flatMap(({ platform }) => (platform && !isAttestationPlatform(platform) ? [platformName(platform)] : []));
    const manifests = entries.filter((entry) => ManifestMediaTypes.has(entry.mediaType));
    // Entries without a platform are candidates too; their config says which platform they are.
    const candidates = [
      ...manifests.filter((entry) => entry.platform && matchesPlatform(entry.platform, this.platform)),
      ...manifests.filter((entry) => !entry.platform),
    ];
    for (const entry of candidates) {
      const child = await this.#fetchManifest(entry.digest, entry.digest, entry.size);
      if (child.document.kind !== "manifest") throw new EngineError("invalid", `manifest list entry ${entry.digest} is not an image manifest`);
      const image = await this.#image(child.digest, child.bytes, child.document);
      if (entry.platform || matchesPlatform(image.config, this.platform)) {
        const index = { digest: top.digest, mediaType: top.document.mediaType, bytes: top.bytes };
        return { ...image, manifestDigest: top.digest, index };
      }
      available.push(platformName(image.config));
    }
    throw noMatchingManifest(this.platform, [...new Set(available)]);
  }

  /** Fetches and verifies a manifest; `expectedDigest`/`expectedSize` come from the reference or an index entry. */
  #fetchManifest(tagOrDigest: string, expectedDigest?: string, expectedSize?: number): Promise<FetchedManifest> {
    const url = this.repository.manifestUrl(tagOrDigest);
    const tooLarge = () =>
      expectedDigest === undefined
        ? new EngineError("invalid", `manifest for ${familiarString(this.repository.reference)} exceeds the limit of ${maxManifestBytes} bytes`)
        : manifestVerificationFailed(expectedDigest);
    return this.retry(async () => {
      const response = await this.repository.get(url, "manifest", { Accept: MANIFEST_ACCEPT });
      const bytes = await readBody(response, url, { maxBytes: Math.min(expectedSize ?? maxManifestBytes, maxManifestBytes), tooLarge });
      const digest = await sha256Digest(bytes);
      if (expectedDigest !== undefined && (digest !== expectedDigest || (expectedSize !== undefined && bytes.length !== expectedSize))) {
        throw manifestVerificationFailed(expectedDigest);
      }
      const announced = response.headers.get("Docker-Content-Digest");
      if (announced !== null && SHA256_DIGEST.test(announced) && announced !== digest) throw manifestVerificationFailed(announced);
      const document = parseManifestDocument(bytes, response.headers.get("Content-Type"), digest, this.repository.reference);
      return { digest, bytes, document };
    });
  }

  async #image(digest: string, manifestBytes: Uint8Array, document: ManifestOnly): Promise<PlatformImage> {
    const { manifest, mediaType } = document;
    const { bytes, config } = await this.#fetchConfig(manifest.config);
    return {
      reference: this.repository.reference,
      manifest,
      manifestBytes,
      manifestMediaType: mediaType,
      platformManifestDigest: digest,
      configDescriptor: manifest.config,
      config,
      configBytes: bytes,
    };
  }

  async #fetchConfig(descriptor: Descriptor): Promise<{ bytes: Uint8Array; config: ImageConfig }> {
    const { digest, size, mediaType } = descriptor;
    if (!CONFIG_TYPES.has(mediaType)) {
      throw new EngineError("invalid", `${familiarString(this.repository.reference)} is not a container image: its config has media type ${mediaType}`);
    }
    if (size > maxConfigBytes) throw new EngineError("invalid", `image config ${digest} is ${size} bytes, more than the limit of ${maxConfigBytes}`);
    const url = this.repository.blobUrl(digest);
    return this.retry(async () => {
      const response = await this.repository.get(url, "blob");
      const bytes = await readBody(response, url, { maxBytes: size, tooLarge: () => configVerificationFailed(digest) });
      if (bytes.length !== size || (await sha256Digest(bytes)) !== digest) throw configVerificationFailed(digest);
      let config: ImageConfig;
      try {
        config = JSON.parse(new TextDecoder().decode(bytes)) as ImageConfig;
      } catch {
        throw new EngineError("invalid", `image config ${digest} is not valid JSON`);
      }
      if (typeof config !== "object" || config === null) throw new EngineError("invalid", `image config ${digest} is not a JSON object`);
      return { bytes, config };
    });
  }
}
