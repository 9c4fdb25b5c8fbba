// Egress throughput: a container in the page downloads a 20 MB file from a loopback HTTP server
// through the proxy's WISP relay (host.docker.internal, allowed on the server's port), beside curl
// on the host fetching the same file from the same server.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startApp } from "../e2e/app-server.ts";
import { launchBrowser } from "../e2e/browser.ts";
import { loadUntilReady, timeCommand } from "./page-timing.ts";

export interface EgressFigures {
  bytes: number;
  /** `docker run … wget` of the file, and `docker run … true` for the run's own cost. */
  downloadRunMs: number[];
  bareRunMs: number[];
  curlMs: number[];
}

const FILE_BYTES = Number(process.env.BERTH_BENCH_EGRESS_BYTES ?? 20e6);

export async function measureEgress(runs: number): Promise<EgressFigures> {
  const file = new Uint8Array(FILE_BYTES).map((_, i) => (i * 151) % 241);
  const server = createServer((_request, response) => {
    response.setHeader("content-length", file.length);
    response.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const allowed = process.env.BERTH_ALLOW_EGRESS;
  process.env.BERTH_ALLOW_EGRESS = `host.docker.internal:${port}`;
  const app = await startApp().finally(() => {
    if (allowed === undefined) delete process.env.BERTH_ALLOW_EGRESS;
    else process.env.BERTH_ALLOW_EGRESS = allowed;
  });
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    await loadUntilReady(page, () => page.goto(app.url));
    const download = `docker run --rm busybox wget -qO /dev/null http://host.docker.internal:${port}/file`;
    await timeCommand(page, download, 300_000);
    const downloadRunMs: number[] = [];
    const bareRunMs: number[] = [];
    const curlMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      downloadRunMs.push(await timeCommand(page, download, 300_000));
      bareRunMs.push(await timeCommand(page, "docker run --rm busybox true"));
      const started = performance.now();
      // Asynchronously: the server answering curl runs in this process.
      await promisify(execFile)("curl", ["-sf", "-o", "/dev/null", `http://127.0.0.1:${port}/file`]);
      curlMs.push(performance.now() - started);
    }
    return { bytes: FILE_BYTES, downloadRunMs, bareRunMs, curlMs };
  } finally {
    await context.close();
    await app.close();
    server.close();
  }
}
