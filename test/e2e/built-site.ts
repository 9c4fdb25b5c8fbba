// The production build in a temporary directory, served by vite's preview server as
// `npm run preview` serves it (with the registry proxy for `allowRegistries`).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createLogger, preview } from "vite";
import type { RunningApp } from "./app-server.ts";

const configFile = fileURLToPath(new URL("../../vite.config.ts", import.meta.url));

export interface BuiltSite extends RunningApp {
  /** The built files. */
  root: string;
  /** What `vite build` logged (its size report). */
  buildLog: string[];
}

export async function serveBuiltSite(allowRegistries?: string): Promise<BuiltSite> {
  const root = mkdtempSync(join(tmpdir(), "berth-site-"));
  const buildLog: string[] = [];
  const logger = createLogger("info");
  logger.info = (message) => void buildLog.push(message);
  await build({ configFile, customLogger: logger, build: { outDir: root, emptyOutDir: true } });
  const allowed = process.env.BERTH_ALLOW_REGISTRIES;
  if (allowRegistries !== undefined) process.env.BERTH_ALLOW_REGISTRIES = allowRegistries;
  let server;
  try {
    server = await preview({ configFile, logLevel: "warn", build: { outDir: root }, preview: { host: "127.0.0.1", port: 0, strictPort: false } });
  } finally {
    if (allowed === undefined) delete process.env.BERTH_ALLOW_REGISTRIES;
    else process.env.BERTH_ALLOW_REGISTRIES = allowed;
  }
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("vite preview did not report a port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    root,
    buildLog,
    close: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
