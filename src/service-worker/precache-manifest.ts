// What the service worker keeps for offline use, as the build lists it (src/site-build/precache-list.ts
// makes the list; the bundle of the service worker carries it), and the name of the cache each
// version of the app lives in. Shared by the build (Node) and the service worker: no globals here.

export interface PrecacheEntry {
  /** Below the site root, "/" separated: "index.html", "assets/index-Bx1a.js", "guest/bzImage-35f8…". */
  path: string;
  /**
   * SHA-256 (hex) of a file whose name stays when its content changes (index.html, guest/manifest.json):
   * the service worker keeps only these bytes, and asks the network first for such a file. Absent for
   * content-named files, whose name changes with their content: served from the cache first.
   */
  sha256?: string;
}

export interface PrecacheManifest {
  /** Changes whenever a precached file changes; names the version's cache. */
  version: string;
  entries: PrecacheEntry[];
}

const appCachePrefix = "berth-app-";

/** The cache that holds one version of the app: "berth-app-<version>". */
export function appCacheName(version: string): string {
  return `${appCachePrefix}${version}`;
}

/** Whether a cache holds some version of the app (so a newer version may delete it). */
export function isAppCache(name: string): boolean {
  return name.startsWith(appCachePrefix);
}

/** The entry path a same-origin request path stands for: the site root is its index.html. */
export function entryPath(pathname: string): string {
  const path = pathname.replace(/^\/+/, "");
  return path === "" ? "index.html" : path;
}
