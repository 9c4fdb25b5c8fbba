// The service worker's offline job: keeps one version of the app (the build's precache list,
// precache-manifest.ts) in a cache named after that version, and serves the app from it. Files
// named after their content are served from the cache first (their bytes never change under that
// name). Files whose name stays (index.html, guest/manifest.json, …) are asked of the network
// first, as they are, and come from the cache only when the network fails: online the page gets
// one version (the server's) and offline another (the cache's), never a mix. The cache keeps only
// the bytes the build listed, so a version's cache holds that version alone; a newer version's
// worker deletes the older caches once it activates.

import { appCacheName, entryPath, isAppCache, type PrecacheEntry, type PrecacheManifest } from "./precache-manifest.ts";

declare const self: ServiceWorkerGlobalScope;

export class OfflineCache {
  readonly #cacheName: string;
  readonly #entries: Map<string, PrecacheEntry>;
  #filling: Promise<void> | undefined;

  constructor(manifest: PrecacheManifest) {
    this.#cacheName = appCacheName(manifest.version);
    this.#entries = new Map(manifest.entries.map((entry) => [entry.path, entry]));
  }

  /**
   * Fetches every entry the version's cache lacks (all of them on the first visit; what the browser
   * evicted later). A file that cannot be fetched, or whose bytes are not the build's, stays out
   * and is fetched again next time.
   */
  fill(): Promise<void> {
    this.#filling ??= this.#fill().finally(() => (this.#filling = undefined));
    return this.#filling;
  }

  async #fill(): Promise<void> {
    const cache = await caches.open(this.#cacheName);
    const present = new Set((await cache.keys()).map((request) => entryPath(new URL(request.url).pathname)));
    const missing = [...this.#entries.values()].filter((entry) => !present.has(entry.path));
    const failures = (await Promise.allSettled(missing.map((entry) => this.#fetchInto(cache, entry)))).flatMap((result) =>
      result.status === "rejected" ? [String(result.reason)] : [],
    );
    if (failures.length > 0) console.warn(`berth: ${failures.length} files of the app are not kept for offline use yet:`, failures);
  }

  async #fetchInto(cache: Cache, entry: PrecacheEntry): Promise<void> {
    const url = siteUrl(entry.path);
    // Files whose name stays are revalidated: the browser's HTTP cache may hold an older version.
    const response = await fetch(url, { cache: entry.sha256 === undefined ? "default" : "no-cache" });
    if (!response.ok) throw new Error(`${entry.path}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    if (entry.sha256 !== undefined && (await sha256Hex(body)) !== entry.sha256) {
      throw new Error(`${entry.path}: the server has another version of it than this service worker's`);
    }
    // A fresh response (one that followed a redirect cannot answer a navigation) of the decoded bytes.
    const headers = new Headers(response.headers);
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    await cache.put(url, new Response(body, { status: response.status, statusText: response.statusText, headers }));
  }

  /** The answer to `request` when it is one of the app's files, else undefined (the network answers as usual). */
  respond(request: Request): Promise<Response> | undefined {
    if (request.method !== "GET") return undefined;
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) return undefined;
    const entry = this.#entries.get(entryPath(url.pathname));
    if (!entry) return undefined;
    return entry.sha256 === undefined ? this.#cacheFirst(request, entry) : this.#networkFirst(request, entry);
  }

  async #cacheFirst(request: Request, entry: PrecacheEntry): Promise<Response> {
    const cached = await this.#cached(entry);
    if (cached) return cached;
    const response = await fetch(request);
    // Content-named, so the network's bytes are this version's: keep them.
    if (response.status === 200) {
      const copy = response.clone();
      void caches.open(this.#cacheName).then((cache) => cache.put(siteUrl(entry.path), copy)).catch(() => undefined);
    }
    return response;
  }

  async #networkFirst(request: Request, entry: PrecacheEntry): Promise<Response> {
    try {
      return await fetch(request);
    } catch (error) {
      const cached = await this.#cached(entry);
      if (cached) return cached;
      throw error;
    }
  }

  async #cached(entry: PrecacheEntry): Promise<Response | undefined> {
    const cache = await caches.open(this.#cacheName);
    return cache.match(siteUrl(entry.path), { ignoreSearch: true, ignoreVary: true });
  }

  /** Deletes the caches of the app's other versions (run once this version is the active one). */
  async removeOtherVersions(): Promise<void> {
    await removeAppCaches((name) => name !== this.#cacheName);
  }
}

/** Deletes the app's caches whose names `stale` accepts (a worker without a precache list deletes them all). */
export async function removeAppCaches(stale: (name: string) => boolean = () => true): Promise<void> {
  const names = (await caches.keys()).filter((name) => isAppCache(name) && stale(name));
  await Promise.all(names.map((name) => caches.delete(name)));
}

function siteUrl(path: string): string {
  return new URL(path, self.location.origin).href;
}

async function sha256Hex(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
