// The site's service worker (src/service-worker/service-worker.ts) as one classic script at the
// site root, /service-worker.js, so that its scope is the whole origin (it serves /ports/…). Module
// service workers are not in every browser, hence one bundled file without imports. `vite build`
// emits it with the app; the dev server bundles it on request (again after a change to its
// sources). Both servers also refuse WebSocket upgrades under /ports/ with a status that says
// why, since a browser sends those to the site, never through its service worker.

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "vite";

export const serviceWorkerFile = "service-worker.js";
const sourceDirectory = fileURLToPath(new URL("../service-worker/", import.meta.url));
const entry = `${sourceDirectory}service-worker.ts`;

export async function bundleServiceWorker(): Promise<string> {
  const result = await build({
    configFile: false,
    root: sourceDirectory,
    publicDir: false,
    logLevel: "silent",
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

export function serviceWorker(): Plugin {
  let bundled: Promise<string> | undefined;
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
    async generateBundle() {
      if (this.environment.config.command !== "build") return;
      this.emitFile({ type: "asset", fileName: serviceWorkerFile, source: await bundleServiceWorker() });
    },
  };
}

function refusePortUpgrade(request: IncomingMessage, socket: Duplex): void {
  if (!request.url?.startsWith("/ports/")) return;
  const reason = "WebSockets do not pass through berth's port preview (it relays HTTP requests only)";
  socket.end(`HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\nConnection: close\r\n\r\n${reason}`);
}
