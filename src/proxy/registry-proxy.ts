// The registry proxy as a plain fetch handler: `/<registry-host[:port]>/v2/…` and the registry's token
// endpoint, forwarded to allowlisted registries only, with CORS so a browser tab can pull images and
// push them: the distribution API's upload requests (upload-routes.ts) pass with capped bodies, and
// the Location of an upload session is rewritten to point back through the proxy.

import { rewriteBearerRealm } from "./bearer-challenge.ts";
import { addCorsHeaders, preflightResponse } from "./cors.ts";
import { createHostPolicy, type HostPolicy } from "./host-policy.ts";
import { registryErrorResponse } from "./registry-error.ts";
import { limitBodySize } from "./size-limit.ts";
import { allowedMethods, isUpload } from "./upload-routes.ts";
import { fetchUpstream, type UpstreamRequest } from "./upstream-fetch.ts";

export interface RegistryProxyConfig {
  /** "host[:port]" entries added to the default allowlist; loopback entries are reached over http. */
  allowRegistries: readonly string[];
  fetch?: typeof fetch;
  /** Largest response body passed through; default 2 GiB. */
  maxBlobBytes?: number;
  /** How long to wait for each upstream hop's response headers; default 30 s. */
  timeoutMs?: number;
  /** Largest request body of an upload (a chunk, a monolithic blob, a manifest); default 2 GiB. */
  maxUploadBytes?: number;
  /** How long an upload request may take to be sent and answered; default 10 minutes. */
  uploadTimeoutMs?: number;
  /** Origin browsers use to reach the proxy (behind a reverse proxy); default: the request's origin. */
  publicOrigin?: string;
  /** Path the proxy is mounted under, e.g. "/registry"; default "" (the root). */
  basePath?: string;
  /** DNS hook: true when a name resolves to a private address (see HostPolicyOptions). */
  isPrivateHostName?: (hostname: string) => Promise<boolean>;
}

const defaultMaxBlobBytes = 2 * 1024 ** 3;
const defaultTimeoutMs = 30_000;
const defaultUploadTimeoutMs = 10 * 60_000;
const immutable = "public, max-age=31536000, immutable";
const digestAddressed = /^\/v2\/.+\/(blobs|manifests)\/sha256:[0-9a-f]{64}$/;
const forwardedRequestHeaders = ["accept", "range", "if-none-match", "if-modified-since", "content-type", "content-range"];
const droppedResponseHeaders = [
  "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
  "proxy-authenticate", "set-cookie", "content-encoding", "location",
];

export function createRegistryProxy(config: RegistryProxyConfig): (request: Request) => Promise<Response> {
  const policy = createHostPolicy({ allowRegistries: config.allowRegistries, isPrivateHostName: config.isPrivateHostName });
  const fetchImpl = config.fetch ?? fetch;
  const maxBytes = config.maxBlobBytes ?? defaultMaxBlobBytes;
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs;
  const maxUploadBytes = config.maxUploadBytes ?? defaultMaxBlobBytes;
  const uploadTimeoutMs = config.uploadTimeoutMs ?? defaultUploadTimeoutMs;
  const basePath = (config.basePath ?? "").replace(/\/$/, "");

  return async (request) => {
    const response = await handle(request);
    addCorsHeaders(response.headers);
    return response;
  };

  async function handle(request: Request): Promise<Response> {
    if (request.method === "OPTIONS") return preflightResponse();
    const url = new URL(request.url);
    const route = parseRoute(url.pathname, basePath);
    const reading = request.method === "GET" || request.method === "HEAD";
    if (!reading && (route === undefined || !isUpload(request.method, route.path))) {
      return registryErrorResponse(405, "UNSUPPORTED", "the registry proxy passes only reads and the registry API's uploads", { Allow: allowedMethods });
    }
    if (route === undefined) return registryErrorResponse(404, "NAME_INVALID", "expected /<registry-host>/v2/…");
    const announced = Number(request.headers.get("Content-Length") ?? "0");
    if (!reading && announced > maxUploadBytes) {
      return registryErrorResponse(413, "SIZE_INVALID", `upload of ${announced} bytes exceeds the proxy limit of ${maxUploadBytes}`);
    }
    const origin = policy.originFor(route.host);
    if (origin === undefined) {
      const reason = (await policy.refusal(new URL(`https://${route.host}`))) ?? `registry host ${route.host} is not on the proxy's allowlist`;
      return registryErrorResponse(403, "DENIED", reason);
    }

    const headers = new Headers({ "Accept-Encoding": "identity" });
    for (const name of forwardedRequestHeaders) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    let result;
    try {
      result = await fetchUpstream(
        {
          url: new URL(route.path + url.search, origin),
          method: request.method as UpstreamRequest["method"],
          headers,
          authorization: request.headers.get("Authorization"),
          signal: request.signal,
          body: reading || request.body === null ? null : limitBodySize(request.body, maxUploadBytes),
        },
        policy,
        fetchImpl,
        reading ? timeoutMs : uploadTimeoutMs,
      );
    } catch (error) {
      return registryErrorResponse(502, "UNAVAILABLE", `upstream request failed: ${String(error)}`);
    }
    if (result.kind === "refused") return registryErrorResponse(403, "DENIED", result.reason);
    if (result.kind === "timeout") return registryErrorResponse(504, "UNAVAILABLE", "upstream did not answer in time");

    const proxyBase = (config.publicOrigin ?? url.origin).replace(/\/$/, "") + basePath;
    const response = await relayResponse(result.response, request.method, digestAddressed.test(route.path), (realm) =>
      proxiedRealm(realm, policy, proxyBase),
    );
    const location = result.response.headers.get("Location");
    const proxiedLocation = location === null ? undefined : proxiedUploadLocation(new URL(location, result.url), route.host, origin, proxyBase);
    if (proxiedLocation !== undefined) response.headers.set("Location", proxiedLocation);
    return response;
  }

  async function relayResponse(
    upstream: Response,
    method: string,
    byDigest: boolean,
    realmRewrite: (realm: URL) => string | undefined,
  ): Promise<Response> {
    const length = Number(upstream.headers.get("Content-Length") ?? "0");
    if (length > maxBytes) {
      await upstream.body?.cancel();
      return registryErrorResponse(413, "SIZE_INVALID", `response of ${length} bytes exceeds the proxy limit of ${maxBytes}`);
    }
    const headers = new Headers(upstream.headers);
    for (const name of droppedResponseHeaders) headers.delete(name);
    if (upstream.headers.has("Content-Encoding")) headers.delete("Content-Length");
    const challenge = upstream.headers.get("WWW-Authenticate");
    if (challenge !== null) headers.set("WWW-Authenticate", rewriteBearerRealm(challenge, realmRewrite));
    const cacheable = byDigest && (upstream.status === 200 || upstream.status === 206);
    headers.set("Cache-Control", cacheable ? immutable : "no-store");
    const body = method === "HEAD" || upstream.body === null ? null : limitBodySize(upstream.body, maxBytes);
    if (body === null) await upstream.body?.cancel();
    return new Response(body, { status: upstream.status, statusText: upstream.statusText, headers });
  }
}

interface Route {
  host: string;
  /** "/v2…" (registry API) or "/token…" (token endpoint). */
  path: string;
}

function parseRoute(pathname: string, basePath: string): Route | undefined {
  if (!pathname.startsWith(`${basePath}/`)) return undefined;
  const match = /^\/([^/]+)(\/.*)$/.exec(pathname.slice(basePath.length));
  if (!match?.[1] || !match[2] || !isProxiedPath(match[2])) return undefined;
  return { host: match[1], path: match[2] };
}

function isProxiedPath(path: string): boolean {
  return /^\/(v2|token)(\/|$)/.test(path) && !path.split("/").includes("..");
}

/** The proxy URL standing for an upload session's URL, when it is on the registry's own origin. */
function proxiedUploadLocation(location: URL, host: string, origin: string, proxyBase: string): string | undefined {
  if (location.origin !== origin || !isProxiedPath(location.pathname)) return undefined;
  return `${proxyBase}/${host}${location.pathname}${location.search}`;
}

/** The proxy URL standing for a token realm, when the realm is an allowlisted, routable endpoint. */
function proxiedRealm(realm: URL, policy: HostPolicy, proxyBase: string): string | undefined {
  if (policy.originFor(realm.host) !== realm.origin || !isProxiedPath(realm.pathname)) return undefined;
  return `${proxyBase}/${realm.host}${realm.pathname}${realm.search}`;
}
