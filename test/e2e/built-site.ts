// The production build in a temporary directory, served by vite's preview server as
// `npm run preview` serves it (with the registry proxy for `allowRegistries`), closed as one app.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "vite";
import type { RunningApp } from "./app-server.ts";
import { buildSite, previewSite } from "./site-server.ts";

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
  await buildSite(root, { logger });
  const { server, url } = await previewSite(root, allowRegistries === undefined ? {} : { allowRegistries });
  return {
    url,
    root,
    buildLog,
    close: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
