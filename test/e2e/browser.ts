// Debian's Chromium driven by playwright-core, with flags that suit a closed network.

import { chromium, type BrowserContext } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const chromiumPath = process.env.BERTH_CHROMIUM ?? "/usr/bin/chromium";

const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** A persistent profile, so IndexedDB survives reloads and browser restarts within a test file. */
export async function launchBrowser(profileDir = mkdtempSync(join(tmpdir(), "berth-profile-"))): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1200, height: 800 },
  });
}
