// The site's service worker (src/service-worker/service-worker.ts) as one classic script at the
// site root, /service-worker.js, so that its scope is the whole origin (it serves /ports/…). Module
// service workers are not in every browser, hence one bundled file without imports. `vite build`
// writes it once every other file of the site is written, with the list of files it precaches for
// offline use (precache-list.ts) inlined, so the script's bytes change with every new version of
// the app and the browser installs the new one. The dev server bundles it on request (again after
// a change to its sources) with no list: under `npm start` nothing is cached for offline use (the
// dev server's modules change with each edit). Both servers also refuse WebSocket upgrades under
// /ports/ with a status that says why, since a browser sends those to the site, never through its
// service worker.

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "vite";
import type { PrecacheManifest } from "../service-worker/precache-manifest.ts";
import { precacheManifest, precachePaths } from "./precache-list.ts";

export const serviceWorkerFile = "service-worker.js";
const sourceDirectory = fileURLToPath(new URL("../service-worker/", import.meta.url));
const entry = `${sourceDirectory}service-worker.ts`;

/** The script, with `precache` as the files it keeps for offline use (null: none). */
export async function bundleServiceWorker(precache: PrecacheManifest | null = null): Promise<string> {
  const result = await build({
    configFile: false,
    root: sourceDirectory,
    publicDir: false,
    logLevel: "silent",
    define: { __BERTH_PRECACHE__: JSON.stringify(precache) },
    build: {
      write: false,
      target: "es2022",
      reportCompressedSize: false,
      lib: { entry, formats: ["iife"], name: "berthServiceWorker", fileName: () => serviceWorkerFile },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((output) => ("output" in output ? output.output : []));
  const chunk = outputs.find((output) => output.type === "chunk");
  if (!chunk || outputs.length !== 1) throw new Error(`the service worker did not bundle into one script (${outputs.map((output) => output.fileName).join(", ")})`);
  return chunk.code;
}

/** Writes `outDir`/service-worker.js for the site built there; `appFiles` are the paths the bundler emitted. */
async function writeServiceWorker(outDir: string, appFiles: ReadonlySet<string>, assetsDir: string): Promise<void> {
  const precache = precacheManifest(outDir, precachePaths(outDir, appFiles, serviceWorkerFile), assetsDir);
  await writeFile(join(outDir, serviceWorkerFile), await bundleServiceWorker(precache));
}

export function serviceWorker(): Plugin {
  let bundled: Promise<string> | undefined;
  let outDir = "";
  let assetsDir = "";
  return {
    name: "berth-service-worker",
    configureServer(server) {
      server.watcher.on("change", (path) => {
        if (path.startsWith(sourceDirectory)) bundled = undefined;
      });
      server.middlewares.use((request, response, next) => {
        if (request.url?.split("?")[0] !== `/${serviceWorkerFile}`) return next();
        bundled ??= bundleServiceWorker();
        bundled.then(
          (code) => response.writeHead(200, { "Content-Type": "text/javascript", "Cache-Control": "no-cache" }).end(code),
          (error: unknown) => {
            bundled = undefined;
            next(error);
          },
        );
      });
      server.httpServer?.on("upgrade", refusePortUpgrade);
    },
    configurePreviewServer(server) {
      server.httpServer.on("upgrade", refusePortUpgrade);
    },
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      assetsDir = config.build.assetsDir;
    },
    // After every other plugin's writeBundle, so the guest's boot files carry their hashed names.
    writeBundle: {
      order: "post",
      sequential: true,
      async handler(_options, bundle) {
        await writeServiceWorker(outDir, new Set(Object.keys(bundle)), assetsDir);
      },
    },
  };
}

function refusePortUpgrade(request: IncomingMessage, socket: Duplex): void {
  if (!request.url?.startsWith("/ports/")) return;
  const reason = "WebSockets do not pass through berth's port preview (it relays HTTP requests only)";
  socket.end(`HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`);
}
