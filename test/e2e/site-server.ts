// The production build as a static host serves it: `vite build` with the repo's config into a
// directory, and vite's preview server over it with the registry proxy (as `npm run preview` runs it).

import { fileURLToPath } from "node:url";
import { build, preview, type Logger, type PluginOption, type PreviewServer } from "vite";

const configFile = fileURLToPath(new URL("../../vite.config.ts", import.meta.url));

export interface ServedSite {
  server: PreviewServer;
  url: string;
  port: number;
}

/** Builds the site into `outDir`; `plugins` join the config's (a second version of the app, say). */
export async function buildSite(outDir: string, options: { logger?: Logger; plugins?: PluginOption[] } = {}): Promise<void> {
  await build({ configFile, customLogger: options.logger, logLevel: options.logger ? undefined : "warn", plugins: options.plugins, build: { outDir, emptyOutDir: true } });
}

/** Serves `outDir` on loopback (on `port`, or any free one), its proxy allowing `allowRegistries`. */
export async function previewSite(outDir: string, options: { allowRegistries?: string; port?: number } = {}): Promise<ServedSite> {
  const allowed = process.env.BERTH_ALLOW_REGISTRIES;
  if (options.allowRegistries !== undefined) process.env.BERTH_ALLOW_REGISTRIES = options.allowRegistries;
  let server: PreviewServer;
  try {
    const port = options.port ?? 0;
    server = await preview({ configFile, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port, strictPort: port !== 0 } });
  } finally {
    if (allowed === undefined) delete process.env.BERTH_ALLOW_REGISTRIES;
    else process.env.BERTH_ALLOW_REGISTRIES = allowed;
  }
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("vite preview did not report a port");
  return { server, url: `http://127.0.0.1:${address.port}/`, port: address.port };
}
