// `npm run bench`: measures side by side in one run and prints a table of figures and ratios;
// the latest table is kept in docs/bench.md.

import { build } from "vite";
import { cpus, totalmem } from "node:os";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { measureInBrowser } from "./browser-figures.ts";
import { qemuKernelToInitMs, v86KernelToInitMs } from "./kernel-to-init.ts";
import { serveDirectory } from "./static-server.ts";
import { GuestVm } from "../../worker/vm/guest-vm.ts";
import { guestVmInputs } from "../integration/guest-fixture.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const runs = Number(process.env.BERTH_BENCH_RUNS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${Math.round(ms)} ms`;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

async function nodeColdBootMs(): Promise<number> {
  const vm = new GuestVm({ ...(await guestVmInputs()), watchdog: false });
  try {
    const { report } = await vm.boot();
    return report.milliseconds;
  } finally {
    await vm.dispose();
  }
}

async function main(): Promise<void> {
  await build({ configFile: join(repoRoot, "vite.config.ts"), logLevel: "warn" });
  const server = await serveDirectory(join(repoRoot, "dist"));
  const guestDirectory = join(repoRoot, "public", "guest");
  try {
    const browser = await measureInBrowser(server, runs);
    const v86NodeBoots: number[] = [];
    const v86ToInit: number[] = [];
    const qemuToInit: number[] = [];
    const pairRatios: number[] = [];
    for (let round = 0; round < 3; round++) {
      v86NodeBoots.push(await nodeColdBootMs());
      v86ToInit.push(await v86KernelToInitMs(guestDirectory));
      qemuToInit.push(await qemuKernelToInitMs(guestDirectory));
      pairRatios.push(v86ToInit[round] / qemuToInit[round]);
    }
    const rows: [string, string, string, string][] = [
      ["Cold boot to engine ready (Chromium, engine clock)", seconds(browser.coldReadyEngineMs), "≤ 3 s", ""],
      ["Cold boot, navigation to ready (Chromium)", seconds(browser.coldReadyPageMs), "", "includes downloads"],
      ["Snapshot restore to ready (Chromium, engine clock)", seconds(browser.warmReadyEngineMs), "≤ 1 s", ""],
      ["Snapshot restore, reload to ready (Chromium)", seconds(browser.warmReadyPageMs), "", "includes page load"],
      [`docker run --rm busybox true, median of ${runs}`, millis(median(browser.runTrueMs)), "≤ 300 ms", `min ${millis(Math.min(...browser.runTrueMs))}, max ${millis(Math.max(...browser.runTrueMs))}`],
      ["First visit transfer (on the wire, gzip where it helps)", megabytes(browser.firstVisitBytes.wire), "≤ 6 MB", `files themselves: ${megabytes(browser.firstVisitBytes.files)}`],
      ["Cold boot to agent READY, v86 under Node (median of 3)", seconds(median(v86NodeBoots)), "", ""],
      ["Kernel + initramfs to init, v86 under Node (median of 3)", seconds(median(v86ToInit)), "", "rdinit=/bin/busybox, until the panic"],
      ["Kernel + initramfs to init, qemu-system-i386 TCG (median of 3)", seconds(median(qemuToInit)), "", "same files and command line"],
      ["Ratio v86 / QEMU TCG, kernel to init", `${median(pairRatios).toFixed(2)}×`, "", "median of paired runs"],
    ];
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const table = [
      `Benchmark run ${new Date().toISOString()} on ${machine}`,
      "",
      "| figure | value | target | note |",
      "| --- | --- | --- | --- |",
      ...rows.map((row) => `| ${row.join(" | ")} |`),
    ].join("\n");
    console.log(table);
    writeFileSync(join(repoRoot, "docs", "bench.md"), `# Benchmarks\n\nThe latest \`npm run bench\`.\n\n${table}\n`);
  } finally {
    await server.close();
  }
}

await main();
