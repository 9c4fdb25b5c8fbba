// The guest's page cache at the old default memory (128 MiB) and the new one (the guest image's,
// 512 MiB): the image's layers reach containers through 9p and stay in the page cache while memory
// allows. On a fresh engine under Node per size, the python3 fixture (pulled first, untimed) runs the
// same container three times: `python3 -c pass`, then reading every file under /usr (more than the
// small guest can cache). Wall time of each run.
//
// Run alone: node --import tsx test/bench/page-cache-figures.ts

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { nodeTestEngine, runToExit } from "../integration/node-engine.ts";
import { startLocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import { readManifest } from "./kernel-to-init.ts";
import { oldDefaultMemoryMiB } from "./snapshot-memory-figures.ts";

const runs = 3;
const workloads = {
  "python3 -c pass": ["python3", "-c", "pass"],
  "reading every file under /usr": ["sh", "-c", "find /usr -type f -exec cat {} + >/dev/null"],
} as const;
type Workload = keyof typeof workloads;

export interface PageCacheFigures {
  memoryMiB: number;
  /** Wall milliseconds of each run, per workload. */
  runMs: Record<Workload, number[]>;
}

async function measureAt(image: string, memoryMiB: number): Promise<PageCacheFigures> {
  const state = mkdtempSync(join(tmpdir(), "berth-bench-page-cache-"));
  try {
    const engine = nodeTestEngine(state);
    await (await engine.engineStart({ memory: memoryMiB * 1024 * 1024 }, { report: () => undefined })).done();
    await (await engine.imageCreate({ fromImage: image }, { report: () => undefined })).done();
    const runMs = {} as PageCacheFigures["runMs"];
    for (const [workload, cmd] of Object.entries(workloads) as [Workload, readonly string[]][]) {
      runMs[workload] = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const result = await runToExit(engine, { Image: image, Cmd: [...cmd], HostConfig: { AutoRemove: true } });
        runMs[workload].push(performance.now() - started);
        if (result.exitCode !== 0) throw new Error(`page cache bench: ${cmd.join(" ")} exited with ${result.exitCode}: ${result.stderr}`);
      }
    }
    return { memoryMiB, runMs };
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

/** `image` is the python3 fixture's reference; `defaultMemoryMiB` the guest image's default. */
export async function measurePageCache(image: string, defaultMemoryMiB: number): Promise<PageCacheFigures[]> {
  return [await measureAt(image, oldDefaultMemoryMiB), await measureAt(image, defaultMemoryMiB)];
}

export function pageCacheRows(figures: PageCacheFigures[]): [string, string, string, string][] {
  const ms = (value: number) => `${Math.round(value)} ms`;
  return figures.flatMap(({ memoryMiB, runMs }) =>
    (Object.keys(runMs) as Workload[]).map((workload): [string, string, string, string] => [
      `Page cache, ${memoryMiB} MiB guest: docker run --rm python3 ${workload}, third run (engine under Node)`,
      ms(runMs[workload][runs - 1]!),
      "",
      `runs 1–${runs}: ${runMs[workload].map(ms).join(", ")}; the same image each time`,
    ]),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fixtures = await ensureFixtures();
  const registry = await startLocalRegistry();
  try {
    await pushFixtures(registry.url, fixtures, ["python3"]);
    const memoryMiB = readManifest(fileURLToPath(new URL("../../public/guest", import.meta.url))).memoryMiB;
    console.log(pageCacheRows(await measurePageCache(`${registry.host}/python3`, memoryMiB)));
  } finally {
    await registry.close();
  }
  // The engines keep their guests' timers alive (the Engine API has no shutdown).
  process.exit(0);
}
