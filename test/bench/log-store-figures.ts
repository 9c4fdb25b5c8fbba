// `node --import tsx test/bench/log-store-figures.ts`: a 10 MB container log of 100-byte lines in
// each log store backend (default limits: 32 MiB cap, 512 KiB segments), appended 1000 lines at a
// time as a busy LogWriter would, then read back: the last 100 lines, and the whole log.

import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IndexedDbContainerLogStore } from "../../worker/logs/indexeddb-log-store.ts";
import type { ContainerLogStore, LogEntry } from "../../worker/logs/log-store.ts";
import { MemoryContainerLogStore } from "../../worker/logs/memory-log-store.ts";
import { NodeFsContainerLogStore } from "../../worker/logs/node-fs-log-store.ts";

const lineCount = 100_000;
const batchLines = 1000;
const readRuns = 5;

const line = (index: number): LogEntry => ({ stream: 1, time: Date.now(), data: new TextEncoder().encode(`line ${index} `.padEnd(99, ".") + "\n") });

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < readRuns; run++) times.push((await timed(work))[1]);
  return times.sort((a, b) => a - b)[Math.floor(readRuns / 2)]!;
}

async function measure(name: string, open: () => ContainerLogStore): Promise<string> {
  const store = open();
  const [, appendMs] = await timed(async () => {
    for (let start = 0; start < lineCount; start += batchLines) {
      await store.append("c1", Array.from({ length: batchLines }, (_, offset) => line(start + offset)));
    }
  });
  const size = await store.size("c1");
  const reopened = open();
  const [tail, firstTailMs] = await timed(() => reopened.read("c1", { tail: 100 }));
  const tailMs = await medianMs(() => reopened.read("c1", { tail: 100 }));
  const [all] = await timed(() => reopened.read("c1"));
  const fullMs = await medianMs(() => reopened.read("c1"));
  if (tail.length !== 100 || all.length !== lineCount) throw new Error(`${name}: read ${tail.length} and ${all.length} entries`);
  const ms = (value: number, width: number) => `${value.toFixed(1)} ms`.padStart(width);
  return `| ${name.padEnd(26)} | ${(size / 1e6).toFixed(1)} MB | ${ms(appendMs, 11)} | ${ms(firstTailMs, 15)} | ${ms(tailMs, 8)} | ${ms(fullMs, 9)} |`;
}

const root = mkdtempSync(join(tmpdir(), "berth-log-bench-"));
try {
  const memory = new Map();
  console.log("| backend                    | log     | 100 appends | tail 100, first | tail 100 | full read |");
  console.log("|----------------------------|---------|-------------|-----------------|----------|-----------|");
  console.log(await measure("memory", () => new MemoryContainerLogStore({}, memory)));
  console.log(await measure("filesystem", () => new NodeFsContainerLogStore(root)));
  console.log(await measure("IndexedDB (fake-indexeddb)", () => new IndexedDbContainerLogStore("bench-logs")));
} finally {
  rmSync(root, { recursive: true, force: true });
}
