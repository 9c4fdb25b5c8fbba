// Prints, at the end of `vite build`, the size of each file of the site, what a first visit
// downloads before the engine is ready (see site-sizes.ts) and what the service worker keeps for
// offline use (precache-list.ts).

import { relative, resolve } from "node:path";
import type { Logger, Plugin } from "vite";
import { embedOnlyFiles, type BundleFile } from "./embed-files.ts";
import { precachePaths } from "./precache-list.ts";
import { serviceWorkerFile } from "./service-worker-bundle.ts";
import { measureSite, type SiteFile } from "./site-sizes.ts";

/** Decimal units, as vite's own report and the bench figures use. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

function total(files: readonly SiteFile[]): string {
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const wire = files.reduce((sum, file) => sum + file.wireBytes, 0);
  return `${files.length} files, ${formatBytes(bytes)} (${formatBytes(wire)} with gzip)`;
}

/**
 * One line per file (first-visit files marked "*", the embed's "e"), then the first-visit transfer,
 * the embed's, the precache (`precached` paths) and the total.
 */
export function formatSizeReport(files: readonly SiteFile[], siteName: string, precached: ReadonlySet<string>): string {
  const width = Math.max(...files.map((file) => file.path.length));
  const lines = files.map((file) => {
    const sizes = `${formatBytes(file.bytes).padStart(9)}  ${formatBytes(file.wireBytes).padStart(9)} gzip`;
    return `  ${file.firstVisit ? "*" : file.embed ? "e" : " "} ${file.path.padEnd(width)}  ${sizes}`;
  });
  const embed = files.filter((file) => file.embed);
  return [
    `Files of the site in ${siteName} (* = downloaded on a first visit, e = by the embed only):`,
    ...lines,
    `First-visit transfer (the app, the guest and the embedded images, before the engine is ready): ${total(files.filter((file) => file.firstVisit))}`,
    ...(embed.length > 0 ? [`Embed (embed.js and its modules, and the engine frame's own files, beside the app's): ${total(embed)}`] : []),
    `Precached by the service worker for offline use: ${total(files.filter((file) => precached.has(file.path)))}`,
    `All files: ${total(files)}`,
  ].join("\n");
}

export function siteSizeReport(): Plugin {
  let outDir = "";
  let logger: Logger | undefined;
  const appFiles = new Set<string>();
  let embedFiles = new Set<string>();
  return {
    name: "berth-site-size-report",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    writeBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) appFiles.add(name);
      embedFiles = embedOnlyFiles(bundle as unknown as Record<string, BundleFile>);
      // Written by the service worker's plugin, outside the bundle (service-worker-bundle.ts).
      appFiles.add(serviceWorkerFile);
    },
    closeBundle(error) {
      if (error || appFiles.size === 0) return;
      const shown = relative(process.cwd(), outDir);
      const precached = new Set(precachePaths(outDir, appFiles, serviceWorkerFile));
      logger?.info(formatSizeReport(measureSite(outDir, appFiles, embedFiles), shown.startsWith("..") ? outDir : shown, precached));
    },
  };
}
