// Pulling and running the Debian image in Chromium, from the loopback registry through the site's
// registry proxy: a cold `docker pull` on a fresh profile, then after a reload (snapshot restore,
// so the guest has never seen the image) the first `docker run --rm … true`, which reads the layer
// from IndexedDB, decompresses, verifies and flattens it and writes the rootfs over 9p; then more
// runs of the same, with the rootfs already in the guest.

import { launchBrowser } from "../e2e/browser.ts";
import { screenText } from "../e2e/terminal-driver.ts";
import { loadUntilReady, timeCommand } from "./page-timing.ts";
import type { CountingServer } from "./static-server.ts";

export interface DebianPullFigures {
  pullMs: number;
  firstCachedRunMs: number;
  cachedRunMs: number[];
}

const pullTimeoutMs = 300_000;

export async function measureDebianPull(server: CountingServer, registryHost: string, runs: number): Promise<DebianPullFigures> {
  const image = `${registryHost}/debian`;
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    const cold = await loadUntilReady(page, () => page.goto(server.url));
    if (cold.path !== "cold boot") throw new Error(`expected a cold boot on a fresh profile, got ${cold.path}`);
    const pullMs = await timeCommand(page, `docker pull ${image}`, pullTimeoutMs);
    const pulled = await screenText(page);
    if (!pulled.includes("Status: Downloaded newer image")) throw new Error(`the pull did not download the image: ${pulled}`);
    const warm = await loadUntilReady(page, () => page.reload());
    if (warm.path !== "snapshot restore") throw new Error(`expected a snapshot restore after reload, got ${warm.path}: ${await screenText(page)}`);
    const runLine = `docker run --rm ${image} true`;
    const firstCachedRunMs = await timeCommand(page, runLine);
    const cachedRunMs: number[] = [];
    for (let run = 0; run < runs; run++) cachedRunMs.push(await timeCommand(page, runLine));
    return { pullMs, firstCachedRunMs, cachedRunMs };
  } finally {
    await context.close();
  }
}
