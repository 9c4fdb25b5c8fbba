// Networking figures in Chromium against the production build, side by side:
// - HTTP through the page's port preview: a tab at /ports/8080/ fetching from busybox httpd in a
//   container (published with -p 8080:80), requests per second for a small page and MB/s for a
//   4 MiB file, beside busybox wget fetching the same from another container in the guest;
// - TCP between two containers on one user network (busybox nc, 8 MiB written by dd in 64 KiB
//   blocks, the receiver counting full blocks back), beside the same transfer over one container's
//   own loopback.
// In-guest durations are busybox `time` inside the container (10 ms steps), so docker exec's own
// cost is left out. Runs by itself too: `node --import tsx test/bench/network-figures.ts`.

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/browser.ts";
import { runCommand } from "../e2e/terminal-driver.ts";
import { loadUntilReady } from "./page-timing.ts";
import { serveDirectory } from "./static-server.ts";

export interface NetworkFigures {
  smallRequests: number;
  bigBytes: number;
  bigFetches: number;
  /** Sequential fetches of the small page from a tab of the site, through its service worker. */
  previewRequestsMs: number;
  previewBigMs: number[];
  /** The same with busybox wget from another container (one wget process per request). */
  guestRequestsMs: number;
  guestBigMs: number[];
  tcpBytes: number;
  bridgeMs: number[];
  loopbackMs: number[];
}

const hostPort = 8080;
const smallRequests = 100;
const bigBlocks = 64;
const bigFetches = 5;
const tcpBlocks = 128;
const tcpRuns = 3;
const blockBytes = 65536;

/** Runs a command line in the page's terminal; throws if it printed an error instead of its output. */
async function run(page: Page, line: string, timeoutMs = 300_000): Promise<string> {
  const output = await runCommand(page, line, timeoutMs);
  if (/\bError\b|\bwget: |\bnc: |exit status/.test(output)) throw new Error(`${line} failed:\n${output}`);
  return output;
}

/** The durations busybox `time` printed ("real\t0m 3.41s"), in ms. */
function realTimes(output: string): number[] {
  return [...output.matchAll(/real\s+(\d+)m\s*([\d.]+)s/g)].map(([, minutes, secs]) => (Number(minutes) * 60 + Number(secs)) * 1000);
}

/** In `container`: `command` under busybox `time`; its duration in ms and its output. */
async function timeInContainer(page: Page, container: string, command: string): Promise<{ ms: number; output: string }> {
  const output = await run(page, `docker exec ${container} sh -c 'time sh -c "${command}"'`);
  const [ms] = realTimes(output);
  if (ms === undefined) throw new Error(`no time in the output of ${command}:\n${output}`);
  return { ms, output };
}

/**
 * Sequential fetches from `tab` (a page of the site), timed in the tab: a few to warm up, the small
 * page `requests` times, then the big file `fetches` times. (No named functions inside: tsx would
 * wrap them in a helper the page does not have.)
 */
function fetchInTab(tab: Page): Promise<{ requestsMs: number; bigMs: number[]; bigSizes: number[] }> {
  return tab.evaluate(
    async ({ requests, fetches }) => {
      const paths = [...Array<string>(5 + requests).fill("index.html"), ...Array<string>(fetches).fill("big.bin")];
      const times: number[] = [];
      const sizes: number[] = [];
      for (const path of paths) {
        const started = performance.now();
        const response = await fetch(path, { cache: "no-store" });
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        sizes.push((await response.arrayBuffer()).byteLength);
        times.push(performance.now() - started);
      }
      const requestsMs = times.slice(5, 5 + requests).reduce((sum, ms) => sum + ms, 0);
      return { requestsMs, bigMs: times.slice(5 + requests), bigSizes: sizes.slice(5 + requests) };
    },
    { requests: smallRequests, fetches: bigFetches },
  );
}

async function measureHttp(page: Page, siteUrl: string): Promise<Pick<NetworkFigures, "previewRequestsMs" | "previewBigMs" | "guestRequestsMs" | "guestBigMs">> {
  await run(
    page,
    `docker run -d --name web -p ${hostPort}:80 busybox sh -c 'mkdir /www && echo "<h1>bench</h1>" > /www/index.html && dd if=/dev/urandom of=/www/big.bin bs=${blockBytes} count=${bigBlocks} 2>/dev/null && exec httpd -f -p 80 -h /www'`,
  );
  const tab = await page.context().newPage();
  try {
    // The server writes its files before it listens: wait until the preview answers.
    const deadline = Date.now() + 60_000;
    while ((await tab.goto(`${siteUrl}ports/${hostPort}/`))?.status() !== 200) {
      if (Date.now() > deadline) throw new Error(`/ports/${hostPort}/ never answered 200`);
      await tab.waitForTimeout(500);
    }
    const preview = await fetchInTab(tab);
    if (preview.bigSizes.some((size) => size !== bigBlocks * blockBytes)) throw new Error(`big.bin through the preview: ${preview.bigSizes.join(", ")} bytes`);

    const [address] = (await run(page, "docker inspect -f '{{.NetworkSettings.IPAddress}}' web")).trim().split("\n");
    await run(page, "docker run -d --name client busybox sleep 100000");
    await timeInContainer(page, "client", `wget -q -O /dev/null http://${address}/index.html`);
    const requests = await timeInContainer(page, "client", `for i in \\$(seq ${smallRequests}); do wget -q -O /dev/null http://${address}/index.html; done`);
    const guestBigMs: number[] = [];
    for (let fetchIndex = 0; fetchIndex < bigFetches; fetchIndex++) {
      const fetched = await timeInContainer(page, "client", `wget -q -O - http://${address}/big.bin | dd of=/dev/null bs=${blockBytes} iflag=fullblock`);
      if (!fetched.output.includes(`${bigBlocks}+0 records in`)) throw new Error(`big.bin through wget:\n${fetched.output}`);
      guestBigMs.push(fetched.ms);
    }
    return { previewRequestsMs: preview.requestsMs, previewBigMs: preview.bigMs, guestRequestsMs: requests.ms, guestBigMs };
  } finally {
    await tab.close();
    await runCommand(page, "docker rm -f web client");
  }
}

/** 8 MiB through busybox nc to `target`:9000, where a receiver counts full 64 KiB blocks back. */
async function sendTo(page: Page, container: string, target: string): Promise<number> {
  const sent = await timeInContainer(page, container, `dd if=/dev/zero bs=${blockBytes} count=${tcpBlocks} 2>/dev/null | nc ${target} 9000`);
  if (!sent.output.includes(`${tcpBlocks}+0 records in`)) throw new Error(`the receiver did not get ${tcpBlocks} blocks:\n${sent.output}`);
  return sent.ms;
}

async function measureTcp(page: Page): Promise<Pick<NetworkFigures, "bridgeMs" | "loopbackMs">> {
  const receiver = `nc -ll -p 9000 -e sh -c "dd of=/dev/null bs=${blockBytes} iflag=fullblock 2>&1"`;
  await run(page, "docker network create benchnet");
  try {
    await run(page, `docker run -d --name sink --network benchnet busybox ${receiver}`);
    await run(page, `docker run -d --name source --network benchnet busybox sh -c '${receiver} & exec sleep 100000'`);
    await sendTo(page, "source", "sink");
    const bridgeMs: number[] = [];
    const loopbackMs: number[] = [];
    for (let round = 0; round < tcpRuns; round++) {
      bridgeMs.push(await sendTo(page, "source", "sink"));
      loopbackMs.push(await sendTo(page, "source", "127.0.0.1"));
    }
    return { bridgeMs, loopbackMs };
  } finally {
    await runCommand(page, "docker rm -f sink source");
    await runCommand(page, "docker network rm benchnet");
  }
}

export async function measureNetworks(siteUrl: string): Promise<NetworkFigures> {
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    await loadUntilReady(page, () => page.goto(siteUrl));
    await page.evaluate(() => navigator.serviceWorker.ready);
    const http = await measureHttp(page, siteUrl);
    const tcp = await measureTcp(page);
    return { smallRequests, bigBytes: bigBlocks * blockBytes, bigFetches, tcpBytes: tcpBlocks * blockBytes, ...http, ...tcp };
  } finally {
    await context.close();
  }
}

/** The figures as rows of the bench table: figure, value, target, note. */
export function networkRows(figures: NetworkFigures): [string, string, string, string][] {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const perSecond = (count: number, ms: number) => `${(count / (ms / 1000)).toFixed(1)} requests/s`;
  const rate = (bytes: number, ms: number) => `${(bytes / 1e6 / (ms / 1000)).toFixed(2)} MB/s`;
  const spread = (values: number[]) => `median of ${values.length}, ${values.map((ms) => Math.round(ms)).join("/")} ms`;
  const bigMb = `${(figures.bigBytes / 2 ** 20).toFixed(0)} MiB`;
  const tcpMb = `${(figures.tcpBytes / 2 ** 20).toFixed(0)} MiB`;
  return [
    ["HTTP through the page's port preview to busybox httpd, small page (Chromium)", perSecond(figures.smallRequests, figures.previewRequestsMs), "", `${figures.smallRequests} sequential fetches from a tab at /ports/${hostPort}/`],
    ["busybox wget from another container to the same server, small page", perSecond(figures.smallRequests, figures.guestRequestsMs), "", "one wget process per request, in the guest"],
    [`HTTP through the port preview, ${bigMb} file (Chromium)`, rate(figures.bigBytes, median(figures.previewBigMs)), "", spread(figures.previewBigMs)],
    [`busybox wget from another container, the same ${bigMb} file`, rate(figures.bigBytes, median(figures.guestBigMs)), "", spread(figures.guestBigMs)],
    [`TCP between two containers on one user network, busybox nc, ${tcpMb} (Chromium)`, rate(figures.tcpBytes, median(figures.bridgeMs)), "", `${spread(figures.bridgeMs)}; dd 64 KiB blocks into nc (1 KiB writes)`],
    [`The same transfer over the container's own loopback`, rate(figures.tcpBytes, median(figures.loopbackMs)), "", spread(figures.loopbackMs)],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  await build({ configFile: join(repoRoot, "vite.config.ts"), logLevel: "warn" });
  const server = await serveDirectory(join(repoRoot, "dist"));
  try {
    const rows = networkRows(await measureNetworks(server.url));
    console.log(["| figure | value | target | note |", "| --- | --- | --- | --- |", ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n"));
  } finally {
    await server.close();
  }
  process.exit(0);
}
