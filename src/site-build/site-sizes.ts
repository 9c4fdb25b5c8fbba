// The size of every file of the built site, and which of them a first visit downloads before the
// engine is ready: the app vite emitted (HTML, JS, CSS, wasm, workers; all of it, so a chunk split
// off for an import() the page never makes would count too, but not the embed's own files), guest/manifest.json and the boot files
// it names, and images/embedded.json with each embedded image's OCI layout. Sizes are given as the
// files are and as a static host with gzip on sends them.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { GuestManifest } from "../../worker/vm/guest-vm.ts";
import type { EmbeddedImage } from "../../worker/images/embedded-images.ts";

// The paths the engine reads first (worker/engine-guest.ts, worker/images/embedded-images.ts); the
// config does not import the engine's modules for them, which would bundle engine code into it.
const guestManifestPath = "guest/manifest.json";
const embeddedImagesList = "images/embedded.json";
/** A host gzips a file only when that saves at least a tenth (already-compressed files go as they are). */
const worthwhileRatio = 0.9;

/** The body a static host with gzip on sends for `body`: gzipped when that is worthwhile, else undefined. */
export function gzipIfWorthwhile(body: Uint8Array): Buffer | undefined {
  const compressed = gzipSync(body, { level: 9 });
  return compressed.length < body.length * worthwhileRatio ? compressed : undefined;
}

export interface SiteFile {
  /** Relative to the site root, with "/" separators. */
  path: string;
  bytes: number;
  /** As sent with gzip on. */
  wireBytes: number;
  firstVisit: boolean;
  /** Loaded by the embed only (embed.js, its modules, the engine frame), not by the app. */
  embed: boolean;
}

/**
 * Every file under `root`, by path; `emitted` are the paths the bundler emitted, `embedFiles` those
 * of them only the embed loads (see embed-files.ts).
 */
export function measureSite(root: string, emitted: ReadonlySet<string>, embedFiles: ReadonlySet<string> = new Set()): SiteFile[] {
  const paths = listFiles(root);
  const appFiles = new Set([...emitted].filter((path) => !embedFiles.has(path)));
  const firstVisit = firstVisitPaths(root, appFiles, paths);
  return paths.map((path) => {
    const body = readFileSync(join(root, path));
    const wireBytes = gzipIfWorthwhile(body)?.length ?? body.length;
    return { path, bytes: body.length, wireBytes, firstVisit: firstVisit.has(path), embed: embedFiles.has(path) };
  });
}

/** Every file under `root`, relative, sorted. */
export function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** The `paths` a first visit downloads before the engine is ready. */
export function firstVisitPaths(root: string, appFiles: ReadonlySet<string>, paths: readonly string[]): Set<string> {
  const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(root, path), "utf8")) as T;
  const wanted = new Set([...appFiles, guestManifestPath, embeddedImagesList]);
  const guest = readJson<GuestManifest>(guestManifestPath);
  for (const name of [guest.kernel, guest.initrd, guest.bios, guest.vgaBios]) if (name !== null) wanted.add(`guest/${name}`);
  const layouts = readJson<EmbeddedImage[]>(embeddedImagesList).map((image) => `${image.layout.replace(/\/+$/, "")}/`);
  for (const path of paths) if (layouts.some((layout) => path.startsWith(layout))) wanted.add(path);
  return new Set(paths.filter((path) => wanted.has(path)));
}
