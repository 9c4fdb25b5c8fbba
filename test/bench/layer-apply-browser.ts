// Runs layer-apply-worker.ts in Chromium: vite serves the repository in dev mode (like
// test/e2e/harness-server.ts) plus the layer blob, and the host page starts the worker.

import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type Plugin } from "vite";
import { launchBrowser } from "../e2e/browser.ts";
import type { LayerBlob } from "./debian-layer-blob.ts";
import type { LayerApplyRequest, LayerApplyResult, LayerApplyTimes } from "./layer-apply-worker.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const blobRoute = "/bench-layer-blob";

function serveBlob(path: string): Plugin {
  return {
    name: "berth-bench-layer-blob",
    configureServer: (server) =>
      void server.middlewares.use(blobRoute, (_request, response) => {
        response.writeHead(200, { "content-type": "application/octet-stream" });
        createReadStream(path).pipe(response);
      }),
  };
}

export async function layerApplyInChromium(blob: LayerBlob, runs: number): Promise<LayerApplyTimes> {
  const server = await createServer({
    configFile: false,
    root: repoRoot,
    publicDir: false,
    plugins: [serveBlob(blob.path)],
    server: { port: 0, strictPort: false, host: "127.0.0.1", hmr: false, watch: null },
    // Served as they are (ESM), never pre-bundled: nothing is written under node_modules/.vite.
    optimizeDeps: { noDiscovery: true },
    logLevel: "warn",
  });
  await server.listen();
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    await page.goto(new URL("test/bench/layer-apply.html", server.resolvedUrls!.local[0]).href);
    const request: LayerApplyRequest = { blobUrl: blobRoute, layer: blob.layer, runs };
    const result = await page.evaluate(
      (request) =>
        new Promise<LayerApplyResult>((resolve, reject) => {
          const worker = new Worker("/test/bench/layer-apply-worker.ts", { type: "module" });
          worker.onmessage = (event: MessageEvent<LayerApplyResult>) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message || "the worker failed to load"));
          worker.postMessage(request);
        }),
      request,
    );
    if ("error" in result) throw new Error(`layer apply in Chromium: ${result.error}`);
    return result;
  } finally {
    await context.close();
    await server.close();
  }
}
