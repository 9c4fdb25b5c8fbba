// Test fixture: an OCI distribution registry held in memory, as a fetch handler. It serves real
// manifests and blobs, asks for bearer tokens, honours Range requests, can redirect blobs to a
// separate blob host, and can be told to misbehave (see `faults`). It records every request.

import { sha256Digest } from "../digest.ts";
import { MediaType, type Descriptor, type Platform } from "../images/oci-types.ts";

export interface TestRegistryOptions {
  /** Origin of the registry API: "https://registry.test". */
  origin: string;
  /** Token service URL; when set, every /v2/<name>/… request needs a bearer token from it. */
  realm?: string;
  /** When set, blob GETs redirect to this origin, which serves blobs without authentication. */
  blobOrigin?: string;
  tokenLifetimeSeconds?: number;
  /** When set, the token service issues tokens only to this login (Basic authentication). */
  login?: { username: string; password: string };
}

export interface RecordedRequest {
  url: string;
  authorization: string | null;
  range: string | null;
}

export interface Faults {
  /** Statuses for the next /v2/<name>/… requests, one each (a 5xx storm, a 429). */
  statuses: number[];
  /** The next blob bodies break off with an error after this many bytes, one each. */
  dropAfter: number[];
  /** The next blob bodies end cleanly, but early, after this many bytes, one each. */
  truncateAfter: number[];
  /** Answer Range requests with the whole blob (200). */
  ignoreRange: boolean;
  /** Answer the next Range request with a 206 that starts at byte 0. */
  rangeFromStart: boolean;
  /** Manifests and blobs served with one byte changed (headers still name the real digest). */
  corrupt: Set<string>;
}

interface StoredManifest {
  bytes: Uint8Array;
  mediaType: string;
  digest: string;
}

export interface PushedImage {
  manifest: Descriptor;
  config: Descriptor;
  layers: Descriptor[];
}

const bodyChunkBytes = 8 * 1024;
const encoder = new TextEncoder();

export class TestRegistry {
  readonly requests: RecordedRequest[] = [];
  readonly faults: Faults = { statuses: [], dropAfter: [], truncateAfter: [], ignoreRange: false, rangeFromStart: false, corrupt: new Set() };
  /** Tokens issued, by token: the repository each is good for. */
  readonly tokens = new Map<string, string>();
  #tokensIssued = 0;
  #lastAuthorization: string | null = null;
  readonly #blobs = new Map<string, Uint8Array>();
  readonly #repositories = new Map<string, Map<string, StoredManifest>>();

  constructor(readonly options: TestRegistryOptions) {}

  /** The handler as a fetch function. */
  readonly fetch: typeof fetch = (input, init) => this.handle(new Request(input, init));

  readonly handle = async (request: Request): Promise<Response> => {
    this.requests.push({ url: request.url, authorization: request.headers.get("Authorization"), range: request.headers.get("Range") });
    this.#lastAuthorization = request.headers.get("Authorization");
    const url = new URL(request.url);
    if (this.options.realm !== undefined && url.href.startsWith(this.options.realm)) return this.#issueToken(url);
    if (url.origin === this.options.blobOrigin) {
      const digest = /^\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname)?.[1];
      return digest === undefined ? new Response(null, { status: 404 }) : this.#serveBlob(request, digest);
    }
    if (url.origin !== this.options.origin) throw new TypeError(`fetch failed: no route to ${url.host}`);
    if (url.pathname === "/v2/") return new Response("{}", { headers: { "Content-Type": "application/json" } });
    const route = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (route === null) return registryError(404, "NAME_INVALID", "invalid repository name");
    const [, name, kind, ref] = route as unknown as [string, string, string, string];
    const status = this.faults.statuses.shift();
    if (status !== undefined) return registryError(status, "UNAVAILABLE", "injected fault");
    if (this.options.realm !== undefined && !this.#authorized(request, name)) return this.#challenge(name);
    const repository = this.#repositories.get(name);
    if (repository === undefined) return registryError(404, "NAME_UNKNOWN", "repository name not known to registry");
    if (kind === "manifests") return this.#serveManifest(repository.get(ref));
    if (!this.#blobs.has(ref)) return registryError(404, "BLOB_UNKNOWN", "blob unknown to registry");
    if (this.options.blobOrigin !== undefined) {
      return new Response(null, { status: 307, headers: { Location: `${this.options.blobOrigin}/blobs/${ref}` } });
    }
    return this.#serveBlob(request, ref);
  };

  async putBlob(bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
    const digest = await sha256Digest(bytes);
    this.#blobs.set(digest, bytes);
    return { mediaType, digest, size: bytes.length };
  }

  /** Stores a manifest (an object is serialized) under its digest, and under `tag` when given. */
  async putManifest(repository: string, document: object | Uint8Array, mediaType: string, tag?: string): Promise<Descriptor> {
    const bytes = document instanceof Uint8Array ? document : encoder.encode(JSON.stringify(document));
    const digest = await sha256Digest(bytes);
    const manifests = this.#repositories.get(repository) ?? new Map<string, StoredManifest>();
    this.#repositories.set(repository, manifests);
    const stored = { bytes, mediaType, digest };
    manifests.set(digest, stored);
    if (tag !== undefined) manifests.set(tag, stored);
    return { mediaType, digest, size: bytes.length };
  }

  /** An image with one layer per entry of `layers`, as OCI (default) or Docker schema 2 documents. */
  async putImage(repository: string, platform: Platform, layers: Uint8Array[], options: { tag?: string; docker?: boolean } = {}): Promise<PushedImage> {
    const types = options.docker
      ? { manifest: MediaType.DockerManifest, config: MediaType.DockerConfig, layer: MediaType.DockerLayerGzip }
      : { manifest: MediaType.ImageManifest, config: MediaType.ImageConfig, layer: MediaType.LayerGzip };
    const layerDescriptors = await Promise.all(layers.map((bytes) => this.putBlob(bytes, types.layer)));
    const config = {
      ...platform,
      created: "2026-01-01T00:00:00Z",
      config: { Cmd: ["sh"] },
      rootfs: { type: "layers", diff_ids: layerDescriptors.map((layer) => layer.digest) },
    };
    const configDescriptor = await this.putBlob(encoder.encode(JSON.stringify(config)), types.config);
    const manifest = { schemaVersion: 2, mediaType: types.manifest, config: configDescriptor, layers: layerDescriptors };
    const manifestDescriptor = await this.putManifest(repository, manifest, types.manifest, options.tag);
    return { manifest: { ...manifestDescriptor, platform }, config: configDescriptor, layers: layerDescriptors };
  }

  /** An index (OCI, or a Docker manifest list) of `entries` under `tag`. */
  putIndex(repository: string, tag: string, entries: Descriptor[], mediaType: string = MediaType.ImageIndex): Promise<Descriptor> {
    return this.putManifest(repository, { schemaVersion: 2, mediaType, manifests: entries }, mediaType, tag);
  }

  #authorized(request: Request, name: string): boolean {
    const token = /^Bearer (.+)$/.exec(request.headers.get("Authorization") ?? "")?.[1];
    return token !== undefined && this.tokens.get(token) === name;
  }

  #challenge(name: string): Response {
    const challenge = `Bearer realm="${this.options.realm}",service="test-registry",scope="repository:${name}:pull"`;
    return registryError(401, "UNAUTHORIZED", "authentication required", { "WWW-Authenticate": challenge });
  }

  #issueToken(url: URL): Response {
    const repository = /^repository:(.+):pull$/.exec(url.searchParams.get("scope") ?? "")?.[1];
    if (repository === undefined || url.searchParams.get("service") !== "test-registry") {
      return registryError(400, "UNSUPPORTED", "expected service and a pull scope");
    }
    if (this.options.login && this.#lastAuthorization !== `Basic ${btoa(`${this.options.login.username}:${this.options.login.password}`)}`) {
      return registryError(401, "UNAUTHORIZED", "incorrect username or password");
    }
    const token = `token-${++this.#tokensIssued}`;
    this.tokens.set(token, repository);
    const body = { token, expires_in: this.options.tokenLifetimeSeconds ?? 300 };
    return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
  }

  #serveManifest(manifest: StoredManifest | undefined): Response {
    if (manifest === undefined) return registryError(404, "MANIFEST_UNKNOWN", "manifest unknown");
    const headers = { "Content-Type": manifest.mediaType, "Docker-Content-Digest": manifest.digest, "Content-Length": String(manifest.bytes.length) };
    return new Response(this.#served(manifest.digest, manifest.bytes) as Uint8Array<ArrayBuffer>, { headers });
  }

  #serveBlob(request: Request, digest: string): Response {
    const bytes = this.#blobs.get(digest);
    if (bytes === undefined) return registryError(404, "BLOB_UNKNOWN", "blob unknown to registry");
    const data = this.#served(digest, bytes);
    const requested = /^bytes=(\d+)-$/.exec(request.headers.get("Range") ?? "");
    let start = requested === null || this.faults.ignoreRange ? 0 : Number(requested[1]);
    if (requested !== null && this.faults.rangeFromStart) {
      this.faults.rangeFromStart = false;
      start = 0;
    } else if (start > 0 && start >= data.length) {
      return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${data.length}` } });
    }
    const partial = requested !== null && !this.faults.ignoreRange;
    const headers: Record<string, string> = { "Content-Type": "application/octet-stream", "Content-Length": String(data.length - start) };
    if (partial) headers["Content-Range"] = `bytes ${start}-${data.length - 1}/${data.length}`;
    return new Response(this.#body(data.subarray(start)), { status: partial ? 206 : 200, headers });
  }

  #served(digest: string, bytes: Uint8Array): Uint8Array {
    if (!this.faults.corrupt.has(digest)) return bytes;
    const changed = bytes.slice();
    changed[changed.length - 1]! ^= 0xff;
    return changed;
  }

  /** The bytes as a stream of small chunks, cut short when a fault says so. */
  #body(bytes: Uint8Array): ReadableStream<Uint8Array> {
    const drop = this.faults.dropAfter.shift();
    const truncate = drop === undefined ? this.faults.truncateAfter.shift() : undefined;
    const end = Math.min(bytes.length, drop ?? truncate ?? bytes.length);
    let position = 0;
    return new ReadableStream({
      pull(controller) {
        if (position < end) {
          const next = Math.min(end, position + bodyChunkBytes);
          controller.enqueue(bytes.slice(position, next));
          position = next;
        } else if (drop !== undefined) {
          controller.error(new TypeError("terminated: other side closed"));
        } else {
          controller.close();
        }
      },
    });
  }
}

function registryError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ code, message }] }), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/** Deterministic bytes that do not compress to nothing. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}
