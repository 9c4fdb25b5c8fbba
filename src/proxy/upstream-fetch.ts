// Fetches from a registry, following redirects of reads here rather than in the browser, re-checking
// each hop. Uploads are sent once and their answer relayed as it is (a body cannot be sent twice).

import type { HostPolicy } from "./host-policy.ts";

const maxRedirects = 5;

export type UpstreamResult =
  | { kind: "response"; response: Response; url: URL }
  | { kind: "refused"; reason: string }
  | { kind: "timeout" };

export interface UpstreamRequest {
  url: URL;
  method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH";
  headers: Headers;
  /** An upload's body, streamed to the registry. */
  body?: ReadableStream<Uint8Array> | null;
  /** Sent only while the hop stays on the origin of the first URL. */
  authorization: string | null;
  signal: AbortSignal;
}

export async function fetchUpstream(
  request: UpstreamRequest,
  policy: HostPolicy,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<UpstreamResult> {
  let url = request.url;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const reason = await (hop === 0 ? policy.refusal(url) : policy.redirectRefusal(url));
    if (reason !== undefined) return { kind: "refused", reason };
    const headers = new Headers(request.headers);
    if (request.authorization !== null && url.origin === request.url.origin) {
      headers.set("Authorization", request.authorization);
    }
    const init: RequestInit & { duplex?: "half" } = { method: request.method, headers, redirect: "manual" };
    if (request.body) Object.assign(init, { body: request.body, duplex: "half" });
    const response = await fetchWithHeaderTimeout(url, init, request.signal, fetchImpl, timeoutMs);
    if (response === undefined) return { kind: "timeout" };
    const location = response.headers.get("Location");
    const reading = request.method === "GET" || request.method === "HEAD";
    if (!reading || !isRedirect(response.status) || location === null) return { kind: "response", response, url };
    await response.body?.cancel();
    url = new URL(location, url);
  }
  return { kind: "refused", reason: `more than ${maxRedirects} redirects` };
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The timeout covers waiting for response headers only: a large blob may stream for longer.
 * The client's own signal stays attached for the whole body. Undefined means the timeout fired.
 */
async function fetchWithHeaderTimeout(
  url: URL,
  init: RequestInit,
  clientSignal: AbortSignal,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<Response | undefined> {
  const controller = new AbortController();
  const abort = () => controller.abort(clientSignal.reason);
  if (clientSignal.aborted) abort();
  else clientSignal.addEventListener("abort", abort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error("upstream timeout"));
  }, timeoutMs);
  try {
    return await fetchImpl(url, { ...init, signal: controller.signal });
  } catch (error) {
    if (timedOut) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
