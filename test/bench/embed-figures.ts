// Figures of the embed, measured in Chromium against the production build on a docs page of
// another origin: what the embed adds to the transfer of a browser that has the app already (the
// files the app's visit did not fetch), and the time from clicking Run on a readonly example to its
// first output: cold (fresh profile, the engine boots), warm (the page loaded again, the engine
// restored from its snapshot) and with the engine already up (a second Run).

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/browser.ts";
import { serveDocsPages } from "../e2e/docs-page-server.ts";
import { loadUntilReady } from "./page-timing.ts";
import { serveDirectory, type CountingServer } from "./static-server.ts";

export interface EmbedFigures {
  /** Bytes on the wire for the files the docs page fetched and the app's visit had not, until the engine was ready. */
  addedBytes: number;
  addedPaths: string[];
  coldRunMs: number;
  warmRunMs: number[];
  engineUpRunMs: number[];
}

const exampleOutput = "output of the example";

function docsPage(embedScript: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench docs</title></head><body>
<docker-run id="example" readonly>docker run --rm busybox echo ${exampleOutput}</docker-run>
<script type="module" src="${embedScript}"></script></body></html>`;
}

/** Clicks the example's Run button and times it until the command's own output shows. */
async function runToFirstOutput(page: Page): Promise<number> {
  await page.locator("docker-run#example .run").waitFor();
  // No named functions in here: the page gets this code as compiled for Node, without its helpers.
  const elapsed = await page.evaluate(async (expected) => {
    const root = document.getElementById("example")!.shadowRoot!;
    const output = root.querySelector(".output")!;
    const started = performance.now();
    root.querySelector<HTMLButtonElement>(".run")!.click();
    await new Promise<void>((resolve) => {
      new MutationObserver((_changes, observer) => {
        if (!output.textContent!.split("\n").includes(expected)) return;
        observer.disconnect();
        resolve();
      }).observe(output, { childList: true, characterData: true, subtree: true });
    });
    return performance.now() - started;
  }, exampleOutput);
  await page.locator("docker-run#example .status").filter({ hasText: /^(Done\.|Failed.*)$/ }).waitFor({ timeout: 60_000 });
  const status = await page.locator("docker-run#example .status").textContent();
  if (status !== "Done.") throw new Error(`the example failed: ${status}`);
  return elapsed;
}

export async function measureEmbed(server: CountingServer, runs: number): Promise<EmbedFigures> {
  const docs = await serveDocsPages({ "/": docsPage(`${server.url}embed.js`) });
  const withApp = await launchBrowser();
  const fresh = await launchBrowser();
  try {
    const appPage = await withApp.newPage();
    server.resetCount();
    await loadUntilReady(appPage, () => appPage.goto(server.url));
    const appPaths = new Set(server.bytesByPath().keys());
    await appPage.close();
    server.resetCount();
    const docsPageWithApp = await withApp.newPage();
    await docsPageWithApp.goto(docs.url);
    await docsPageWithApp.locator("docker-run#example .status").filter({ hasText: "Ready." }).waitFor({ timeout: 180_000 });
    const added = [...server.bytesByPath()].filter(([path]) => !appPaths.has(path));

    const page = await fresh.newPage();
    await page.goto(docs.url);
    const coldRunMs = await runToFirstOutput(page);
    const warmRunMs: number[] = [];
    const engineUpRunMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      await page.reload();
      warmRunMs.push(await runToFirstOutput(page));
      engineUpRunMs.push(await runToFirstOutput(page));
    }
    return { addedBytes: added.reduce((sum, [, bytes]) => sum + bytes, 0), addedPaths: added.map(([path]) => path).sort(), coldRunMs, warmRunMs, engineUpRunMs };
  } finally {
    await fresh.close();
    await withApp.close();
    await docs.close();
  }
}

export function embedRows(figures: EmbedFigures): [string, string, string, string][] {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)];
  const millis = (ms: number) => `${Math.round(ms)} ms`;
  const spread = (values: number[]) => `median of ${values.length}; min ${millis(Math.min(...values))}, max ${millis(Math.max(...values))}`;
  return [
    ["Embed's added transfer on a docs page, the app already visited (gzip where it helps)", `${(figures.addedBytes / 1000).toFixed(1)} kB`, "", figures.addedPaths.join(", ")],
    ["Run on a readonly example to its first output, cold (fresh profile; includes the engine's boot)", millis(figures.coldRunMs), "", "docs page on another origin"],
    ["Run to first output, warm (page loaded again, engine restored from its snapshot)", millis(median(figures.warmRunMs)), "≤ 1 s", `${spread(figures.warmRunMs)}; clicked as soon as the example shows`],
    ["Run to first output, engine up (a second Run on the same page)", millis(median(figures.engineUpRunMs)), "", spread(figures.engineUpRunMs)],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  await build({ configFile: join(repoRoot, "vite.config.ts"), logLevel: "warn" });
  const server = await serveDirectory(join(repoRoot, "dist"));
  try {
    const rows = embedRows(await measureEmbed(server, Number(process.env.BERTH_BENCH_RUNS ?? 5)));
    console.log(["| figure | value | target | note |", "| --- | --- | --- | --- |", ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n"));
  } finally {
    await server.close();
  }
  process.exit(0);
}
