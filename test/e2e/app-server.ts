// Starts the real app (vite dev server with the repo's config) on a free loopback port.

import { createServer, type ViteDevServer } from "vite";
import { fileURLToPath } from "node:url";

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

export async function startApp(): Promise<RunningApp> {
  const server: ViteDevServer = await createServer({
    configFile: fileURLToPath(new URL("../../vite.config.ts", import.meta.url)),
    server: { port: 0, strictPort: false, host: "127.0.0.1", hmr: false, watch: null },
    logLevel: "warn",
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") throw new Error("vite did not report a port");
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
