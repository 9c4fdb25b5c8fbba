// Uploads one blob over the distribution API's upload sessions. POST opens a session (or, asked to
// mount the blob from another repository of the same registry, links it without an upload: 201).
// A blob up to one chunk goes in a single PUT ?digest=; a larger one in PATCHes with Content-Range,
// each continuing from the registry's reported Range, then an empty PUT ?digest= closes the session.
// A chunk that fails in flight (dropped connection, 5xx) is retried after a GET on the session
// says how much the registry kept, so a push resumes rather than starts over; only when the registry
// no longer knows the session does the blob start over in a new one.

import { EngineError } from "../../src/api/errors.ts";
import type { Descriptor } from "../images/oci-types.ts";
import { type PushEndpoint, pushRequestFailed } from "./push-endpoint.ts";
import { TransientError, type Retry } from "./retry.ts";

export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

export interface BlobUpload {
  endpoint: PushEndpoint;
  descriptor: Descriptor;
  bytes: Uint8Array;
  /** Larger blobs go in chunks of this size. */
  chunkBytes: number;
  retry: Retry;
  /** A repository of the same registry holding the blob, to mount it from. */
  mountFrom?: string | undefined;
  onProgress?: ((uploadedBytes: number) => void) | undefined;
}

/** "mounted" when the registry linked it from `mountFrom`, else "pushed". */
export async function uploadBlob(upload: BlobUpload): Promise<"mounted" | "pushed"> {
  const { endpoint, descriptor } = upload;
  const opened = await upload.retry(() => openSession(endpoint, descriptor.digest, upload.mountFrom));
  if (opened === "mounted") return "mounted";
  let location = opened;
  if (upload.bytes.length <= upload.chunkBytes) {
    await upload.retry(() => closeSession(endpoint, location, descriptor.digest, upload.bytes));
    upload.onProgress?.(upload.bytes.length);
    return "pushed";
  }
  let offset = 0;
  let sessionLost = false;
  while (offset < upload.bytes.length) {
    const sent = await upload.retry(async () => {
      if (sessionLost) {
        // The registry dropped the session (distribution cancels one resumed at another offset than
        // its state says): start the blob over in a new one.
        ({ location, offset, sessionLost } = { location: await openUpload(endpoint), offset: 0, sessionLost: false });
      }
      const chunk = upload.bytes.subarray(offset, Math.min(offset + upload.chunkBytes, upload.bytes.length));
      try {
        return await sendChunk(endpoint, location, offset, chunk);
      } catch (error) {
        if (!(error instanceof TransientError)) throw error;
        // Where did the registry get to? Continue from there on the next try.
        const status = await sessionStatus(endpoint, location).catch(() => undefined);
        if (status !== undefined) ({ location, offset } = status);
        else sessionLost = true;
        throw error;
      }
    });
    ({ location, offset } = sent);
    upload.onProgress?.(offset);
  }
  await upload.retry(() => closeSession(endpoint, location, descriptor.digest, new Uint8Array()));
  return "pushed";
}

interface SessionState {
  location: string;
  /** The next byte the registry expects. */
  offset: number;
}

async function openSession(endpoint: PushEndpoint, digest: string, mountFrom: string | undefined): Promise<string | "mounted"> {
  const url = new URL(endpoint.url("blobs/uploads/"));
  if (mountFrom !== undefined) {
    url.searchParams.set("mount", digest);
    url.searchParams.set("from", mountFrom);
  }
  const response = await endpoint.send("POST", url.href);
  if (response.status === 201 && mountFrom !== undefined) {
    await response.body?.cancel().catch(() => undefined);
    return "mounted";
  }
  if (response.status !== 202) throw await endpoint.failure(response, "POST", url.href);
  await response.body?.cancel().catch(() => undefined);
  return sessionLocation(response, url.href);
}

async function openUpload(endpoint: PushEndpoint): Promise<string> {
  const opened = await openSession(endpoint, "", undefined);
  if (opened === "mounted") throw new EngineError("system", "the registry mounted a blob it was not asked to mount");
  return opened;
}

async function sendChunk(endpoint: PushEndpoint, location: string, offset: number, chunk: Uint8Array): Promise<SessionState> {
  const response = await endpoint.send("PATCH", location, chunk, {
    "Content-Type": "application/octet-stream",
    "Content-Range": `${offset}-${offset + chunk.length - 1}`,
  });
  // 416: the registry holds a different amount than we thought; ask it where it is.
  if (response.status === 416) {
    await response.body?.cancel().catch(() => undefined);
    throw new TransientError(pushRequestFailed("PATCH", location, "the registry holds another amount of the upload"));
  }
  if (response.status !== 202) throw await endpoint.failure(response, "PATCH", location);
  await response.body?.cancel().catch(() => undefined);
  return { location: sessionLocation(response, location), offset: rangeEnd(response) ?? offset + chunk.length };
}

async function sessionStatus(endpoint: PushEndpoint, location: string): Promise<SessionState> {
  const response = await endpoint.send("GET", location);
  if (response.status !== 204 && response.status !== 200) throw await endpoint.failure(response, "GET", location);
  await response.body?.cancel().catch(() => undefined);
  return { location: sessionLocation(response, location), offset: rangeEnd(response) ?? 0 };
}

async function closeSession(endpoint: PushEndpoint, location: string, digest: string, body: Uint8Array): Promise<void> {
  const url = new URL(location);
  url.searchParams.set("digest", digest);
  const response = await endpoint.send("PUT", url.href, body, { "Content-Type": "application/octet-stream" });
  if (response.status !== 201 && response.status !== 204) throw await endpoint.failure(response, "PUT", url.href);
  await response.body?.cancel().catch(() => undefined);
}

/** The session's next URL, resolved against the request's (registries may answer with a path). */
function sessionLocation(response: Response, requestUrl: string): string {
  const location = response.headers.get("Location");
  if (location === null) throw new EngineError("unavailable", pushRequestFailed("POST", requestUrl, "the registry answered an upload without a Location"));
  return new URL(location, requestUrl).href;
}

/**
 * The byte after the registry's `Range: 0-N` (N inclusive); undefined when it sent none. An empty
 * session also reports "0-0", so that counts as nothing kept (chunks are never one byte).
 */
function rangeEnd(response: Response): number | undefined {
  const match = /^(?:bytes=)?0-(\d+)$/.exec(response.headers.get("Range") ?? "");
  if (!match) return undefined;
  const last = Number(match[1]);
  return last === 0 ? 0 : last + 1;
}
