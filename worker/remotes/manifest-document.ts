// Classifies and checks a manifest document fetched from a registry: an image index (OCI index or
// Docker manifest list) or an image manifest (OCI or Docker schema 2). Schema 1 is refused.

import { EngineError } from "../../src/api/errors.ts";
import { SHA256_DIGEST } from "../digest.ts";
import { IndexMediaTypes, ManifestMediaTypes, MediaType, type Descriptor, type ImageIndex, type ImageManifest } from "../images/oci-types.ts";
import type { ImageReference } from "../images/reference.ts";
import { schema1Unsupported } from "./registry-errors.ts";

export type ManifestDocument =
  | { kind: "index"; mediaType: string; index: ImageIndex }
  | { kind: "manifest"; mediaType: string; manifest: ImageManifest };

/** What the client asks registries for, best first. */
export const MANIFEST_ACCEPT = [MediaType.ImageIndex, MediaType.DockerManifestList, MediaType.ImageManifest, MediaType.DockerManifest].join(", ");

const SCHEMA1_TYPES: ReadonlySet<string> = new Set([
  "application/vnd.docker.distribution.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws",
]);

/**
 * The document in `bytes` (its sha256 is `digest`). The media type comes from Content-Type when
 * that names a manifest type, else from the document's own mediaType, else from its shape.
 */
export function parseManifestDocument(bytes: Uint8Array, contentType: string | null, digest: string, reference: ImageReference): ManifestDocument {
  const headerType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (SCHEMA1_TYPES.has(headerType)) throw schema1Unsupported(reference);
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw invalid(`manifest ${digest} is not valid JSON`);
  }
  if (typeof document !== "object" || document === null) throw invalid(`manifest ${digest} is not a JSON object`);
  if (document.schemaVersion === 1 || SCHEMA1_TYPES.has(String(document.mediaType))) throw schema1Unsupported(reference);
  const mediaType = [headerType, document.mediaType].find(isKnownType) ?? inferredType(document);

  if (IndexMediaTypes.has(mediaType)) {
    const index = document as unknown as ImageIndex;
    if (!Array.isArray(index.manifests)) throw invalid(`image index ${digest} has no manifests list`);
    for (const entry of index.manifests) checkDescriptor(entry, `manifest list entry in ${digest}`);
    return { kind: "index", mediaType, index };
  }
  if (ManifestMediaTypes.has(mediaType)) {
    const manifest = document as unknown as ImageManifest;
    if (!Array.isArray(manifest.layers)) throw invalid(`manifest ${digest} has no layers list`);
    checkDescriptor(manifest.config, `config of manifest ${digest}`);
    for (const layer of manifest.layers) checkDescriptor(layer, `layer of manifest ${digest}`);
    return { kind: "manifest", mediaType, manifest };
  }
  throw invalid(`manifest ${digest} has unsupported media type ${JSON.stringify(mediaType)}`);
}

function isKnownType(value: unknown): value is string {
  return typeof value === "string" && (IndexMediaTypes.has(value) || ManifestMediaTypes.has(value));
}

function inferredType(document: Record<string, unknown>): string {
  if (Array.isArray(document.manifests)) return MediaType.ImageIndex;
  if (document.config !== undefined) return MediaType.ImageManifest;
  return typeof document.mediaType === "string" ? document.mediaType : "";
}

function checkDescriptor(descriptor: Descriptor | undefined, what: string): void {
  if (typeof descriptor !== "object" || descriptor === null) throw invalid(`${what} is missing`);
  if (typeof descriptor.digest !== "string" || !SHA256_DIGEST.test(descriptor.digest)) {
    throw invalid(`${what} has an unsupported or malformed digest ${JSON.stringify(descriptor.digest)}`);
  }
  if (!Number.isSafeInteger(descriptor.size) || descriptor.size < 0) throw invalid(`${what} has no valid size`);
  if (typeof descriptor.mediaType !== "string") throw invalid(`${what} has no media type`);
}

function invalid(message: string): EngineError {
  return new EngineError("invalid", message);
}
