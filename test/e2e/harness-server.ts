// Serves the repository root with vite (not the app's config, whose root is src/), so test pages
// under test/browser/ load their TypeScript modules and workers the way the app's would.

import { fileURLToPath } from "node:url";
import { createServer, type Plugin } from "vite";
import type { RunningApp } from "./app-server.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** `plugins`: the app's own that a test page needs (the service worker's). */
export async function startHarnessServer(plugins: Plugin[] = []): Promise<RunningApp> {
  const server = await createServer({
    configFile: false,
    plugins,
    root: repoRoot,
    publicDir: false,
    server: { port: 0, strictPort: false, host: "127.0.0.1", hmr: false, watch: null },
    // Bundled up front: found later, in a worker, it would make vite re-optimize mid-run.
    optimizeDeps: { entries: ["test/browser/*.html"], include: ["idb-keyval"] },
    logLevel: "warn",
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") throw new Error("vite did not report a port");
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
