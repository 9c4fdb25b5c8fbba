// embed.js: one <script type="module" src="…/embed.js"> on any page defines <docker-run>, and
// `import { boot } from "…/embed.js"` gives a page's script the same engine. The engine runs in a
// hidden iframe from berth's origin (workers must be same-origin), reached over the embed protocol.

import { defineDockerRun } from "./docker-run-element.ts";
import type { FrameClient } from "./frame-client.ts";
import { pageEngine } from "./page-engine.ts";

export type { RunOptions } from "./frame-client.ts";

// The frame's place on the site (the built site has this module at /embed.js, the dev server at
// /embed/embed.ts), resolved against this module's address, which is on berth's origin.
const framePath = `${import.meta.env.BASE_URL}embed/frame.html`;
const frameUrl = new URL(framePath, import.meta.url);
const engine = () => pageEngine(frameUrl);

export interface BootOptions {
  /** Called with each boot progress line. */
  onProgress?: (message: string) => void;
}

/**
 * Starts the page's engine (shared with its <docker-run> examples) and resolves once it is ready:
 * then `run(command, { onOutput })` runs a command line, `writeFile(path, data)` and
 * `readFile(path)` reach the workspace.
 */
export async function boot(options: BootOptions = {}): Promise<FrameClient> {
  const client = engine();
  const stop = options.onProgress ? client.onProgress(options.onProgress) : undefined;
  try {
    await client.boot();
  } finally {
    stop?.();
  }
  return client;
}

defineDockerRun(engine);
