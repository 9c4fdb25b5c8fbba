// Pushes one image from an OCI image layout to a registry over the distribution API, using only
// fetch (so it runs in a Web Worker as well as under Node). Blobs go first: a HEAD skips those the
// registry has, the rest are uploaded monolithically (POST opens an upload session, one PUT to its
// Location with ?digest= closes it). Then the manifests: an index's children by digest, and the top
// document by tag, each with its own media type as Content-Type.

import { EngineError, type EngineErrorCode } from "../../src/api/errors.ts";
import { SHA256_DIGEST, sha256Digest } from "../digest.ts";
import type { ReadBlob } from "../images/oci-layout.ts";
import { Annotation, IndexMediaTypes, type Descriptor, type ImageIndex, type ImageManifest } from "../images/oci-types.ts";
import { parseRegistryErrors } from "./registry-errors.ts";

export interface PushRequest {
  /** Registry base URL, e.g. "http://127.0.0.1:5000". */
  registry: string;
  /** Repository path, e.g. "hostile/symlink". */
  repository: string;
  tag: string;
  /** The layout holding the image: index.json names it with the tag (ref.name) or holds only it. */
  layout: ReadBlob;
  fetch?: typeof fetch;
}

const codeByStatus: Record<number, EngineErrorCode> = {
  400: "invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
};

/** Pushes the image and returns the descriptor of what the tag now points at. */
export async function pushImage(request: PushRequest): Promise<Descriptor> {
  const fetchImpl = request.fetch ?? fetch;
  const repositoryUrl = `${request.registry.replace(/\/$/, "")}/v2/${request.repository}`;
  const where = `${request.registry} (repository ${request.repository})`;

  const readBlob = async (descriptor: Descriptor): Promise<Uint8Array> => {
    if (!SHA256_DIGEST.test(descriptor.digest)) throw new EngineError("invalid", `unsupported digest ${descriptor.digest}`);
    const bytes = await request.layout(`blobs/sha256/${descriptor.digest.slice("sha256:".length)}`);
    if ((await sha256Digest(bytes)) !== descriptor.digest) throw new EngineError("invalid", `blob ${descriptor.digest} in the layout is corrupt`);
    return bytes;
  };

  const pushBlob = async (descriptor: Descriptor): Promise<void> => {
    const blobUrl = `${repositoryUrl}/blobs/${descriptor.digest}`;
    const head = await fetchImpl(blobUrl, { method: "HEAD" });
    if (head.ok) return;
    if (head.status !== 404) throw await registryError(head, `checking blob ${descriptor.digest} on ${where}`);
    const bytes = await readBlob(descriptor);
    const started = await fetchImpl(`${repositoryUrl}/blobs/uploads/`, { method: "POST" });
    const location = started.headers.get("Location");
    await expectStatus(started, 202, `starting the upload of blob ${descriptor.digest} to ${where}`);
    if (location === null) throw new EngineError("unavailable", `${where} started an upload without a Location`);
    const target = new URL(location, blobUrl).href;
    const separator = target.includes("?") ? "&" : "?";
    const put = await fetchImpl(`${target}${separator}digest=${encodeURIComponent(descriptor.digest)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream" },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    await expectStatus(put, 201, `uploading blob ${descriptor.digest} to ${where}`);
  };

  const pushManifest = async (descriptor: Descriptor, reference: string): Promise<Descriptor> => {
    const bytes = await readBlob(descriptor);
    const document = JSON.parse(new TextDecoder().decode(bytes)) as Partial<ImageIndex & ImageManifest>;
    const mediaType = document.mediaType ?? descriptor.mediaType;
    if (IndexMediaTypes.has(mediaType)) {
      for (const child of document.manifests ?? []) await pushManifest(child, child.digest);
    } else if (document.config && Array.isArray(document.layers)) {
      for (const blob of [document.config, ...document.layers]) await pushBlob(blob);
    } else {
      throw new EngineError("invalid", `${descriptor.digest} is neither an image index nor an image manifest`);
    }
    const put = await fetchImpl(`${repositoryUrl}/manifests/${reference}`, {
      method: "PUT",
      headers: { "Content-Type": mediaType },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    await expectStatus(put, 201, `putting manifest ${reference} to ${where}`);
    return { mediaType, digest: descriptor.digest, size: descriptor.size };
  };

  const index = JSON.parse(new TextDecoder().decode(await request.layout("index.json"))) as ImageIndex;
  return pushManifest(imageForTag(index, request.tag), request.tag);
}

function imageForTag(index: ImageIndex, tag: string): Descriptor {
  const named = index.manifests.find((entry) => entry.annotations?.[Annotation.RefName] === tag);
  if (named) return named;
  if (index.manifests.length === 1) return index.manifests[0]!;
  throw new EngineError("not-found", `the layout has ${index.manifests.length} images and none is named "${tag}"`);
}

async function expectStatus(response: Response, status: number, action: string): Promise<void> {
  if (response.status !== status) throw await registryError(response, action);
  await response.body?.cancel();
}

/** An error naming the registry's answer: status line and the messages of its error JSON. */
async function registryError(response: Response, action: string): Promise<EngineError> {
  const text = (await response.text().catch(() => "")).trim();
  const errors = parseRegistryErrors(text);
  const detail = errors.length > 0 ? errors.map((e) => [e.code, e.message].filter(Boolean).join(": ")).join("; ") : text.slice(0, 300);
  const status = `${response.status} ${response.statusText}`.trim();
  return new EngineError(codeByStatus[response.status] ?? "unavailable", `${action} failed: registry answered ${status}${detail ? `: ${detail}` : ""}`);
}
