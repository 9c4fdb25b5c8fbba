// The list the service worker precaches, made from the built site once every file is written (the
// guest's boot files already renamed after their digests): what a first visit downloads before the
// engine is ready (site-sizes.ts) except the service worker itself, plus the web app manifest and
// the icons it names. Files vite emitted under its assets directory, the guest's boot files and the
// embedded images' blobs are named after their content; every other entry carries its SHA-256.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PrecacheEntry, PrecacheManifest } from "../service-worker/precache-manifest.ts";
import type { GuestManifest } from "../../worker/vm/guest-vm.ts";
import { firstVisitPaths, listFiles } from "./site-sizes.ts";

export const webAppManifestFile = "manifest.webmanifest";
const guestManifestPath = "guest/manifest.json";
const layoutBlob = /^images\/.+\/blobs\/sha256\/[0-9a-f]{64}$/;

/** The site's files the service worker keeps, sorted. `appFiles` are the paths the bundler emitted. */
export function precachePaths(root: string, appFiles: ReadonlySet<string>, serviceWorkerFile: string): string[] {
  const paths = listFiles(root);
  const wanted = firstVisitPaths(root, appFiles, paths);
  for (const path of webAppManifestPaths(root)) wanted.add(path);
  wanted.delete(serviceWorkerFile);
  return paths.filter((path) => wanted.has(path));
}

/** The manifest of `paths` under `root`; `assetsDir` is where the bundler puts its content-named files. */
export function precacheManifest(root: string, paths: readonly string[], assetsDir: string): PrecacheManifest {
  const contentNamed = contentNamedPaths(root, assetsDir);
  const version = createHash("sha256");
  const entries = paths.map((path): PrecacheEntry => {
    const sha256 = createHash("sha256").update(readFileSync(join(root, path))).digest("hex");
    version.update(`${path} ${sha256}\n`);
    return contentNamed(path) ? { path } : { path, sha256 };
  });
  return { version: version.digest("hex").slice(0, 16), entries };
}

function contentNamedPaths(root: string, assetsDir: string): (path: string) => boolean {
  const guest = JSON.parse(readFileSync(join(root, guestManifestPath), "utf8")) as GuestManifest;
  const guestFiles = new Set([guest.kernel, guest.initrd, guest.bios, guest.vgaBios].flatMap((name) => (name === null ? [] : [`guest/${name}`])));
  const assets = `${assetsDir.replace(/^\/+|\/+$/g, "")}/`;
  return (path) => path.startsWith(assets) || guestFiles.has(path) || layoutBlob.test(path);
}

/** manifest.webmanifest and the icons it names (their addresses are relative to it, at the site root). */
function webAppManifestPaths(root: string): string[] {
  const file = join(root, webAppManifestFile);
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { icons?: { src: string }[] };
  const base = `http://site/${webAppManifestFile}`;
  return [webAppManifestFile, ...(manifest.icons ?? []).map((icon) => new URL(icon.src, base).pathname.slice(1))];
}
