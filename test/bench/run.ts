// `npm run bench`: measures side by side in one run and prints a table of figures and ratios;
// the latest table is kept in docs/bench.md.

import { build } from "vite";
import { cpus, loadavg, totalmem } from "node:os";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { idleAfterRestoreMs, measureInBrowser } from "./browser-figures.ts";
import { measureBuild } from "./build-figures.ts";
import { measureDaemon } from "./daemon-figures.ts";
import { debianLayerBlob, type LayerBlob } from "./debian-layer-blob.ts";
import { measureDebianPull } from "./debian-pull-figures.ts";
import { measureEgress } from "./egress-figures.ts";
import { embedRows, measureEmbed } from "./embed-figures.ts";
import { measurePush } from "./push-figures.ts";
import { qemuKernelToInitMs, qemuRunMs, readManifest, v86KernelToInitMs, v86RunMs, workloadRun } from "./kernel-to-init.ts";
import { cpuWorkload, measureLifecycle } from "./lifecycle-figures.ts";
import { layerDiskRows, measureLayerDisk } from "./layer-disk-figures.ts";
import { measurePageCache, pageCacheRows } from "./page-cache-figures.ts";
import { measurePostgres, postgresRows } from "./postgres-figures.ts";
import { layerApplyInChromium } from "./layer-apply-browser.ts";
import { nativeTarExtractMs } from "./native-tar.ts";
import { measureNetworks, networkRows } from "./network-figures.ts";
import { measurePython, pythonRows } from "./python-figures.ts";
import { profileContainerStarts, startPhases, type StartProfile } from "./start-profile.ts";
import { measureSnapshotsByMemory, oldDefaultMemoryMiB, type SnapshotFigures } from "./snapshot-memory-figures.ts";
import { serveDirectory, type CountingServer } from "./static-server.ts";
import { GuestVm } from "../../worker/vm/guest-vm.ts";
import { ensureFixtures, type FixtureSet } from "../fixtures/build-fixtures.ts";
import { guestVmInputs } from "../integration/guest-fixture.ts";
import { startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const guestDirectory = join(repoRoot, "public", "guest");
const runs = Number(process.env.BERTH_BENCH_RUNS ?? 10);
const cachedDebianRuns = 5;
const pushRuns = 5;
const egressRuns = 3;
const snapshotRestores = 5;
/** Fresh engines and boots for python3 -c pass. */
const pythonRounds = 3;
/** Container runs profiled through the agent: the later half is the steady state. */
const startProfileRuns = 30;
const recordHeading = "## What each change bought";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${Math.round(ms)} ms`;
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const range = (values: number[]) => `min ${millis(Math.min(...values))}, max ${millis(Math.max(...values))}`;
const throughput = (bytes: number, ms: number) => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;

async function nodeColdBootMs(): Promise<number> {
  const vm = new GuestVm({ ...(await guestVmInputs()), watchdog: false });
  try {
    const { report } = await vm.boot();
    return report.milliseconds;
  } finally {
    await vm.dispose();
  }
}

/** Guest instructions and time of each phase of a container run, at the steady state (the later half of the runs). */
function startProfileRows(profile: StartProfile): [string, string, string, string][] {
  const steady = profile.slice(profile.length / 2);
  const mega = (count: number) => `${(count / 1e6).toFixed(2)} M`;
  const total = (run: StartProfile[number]) => startPhases.reduce((sum, phase) => sum + run[phase].instructions, 0);
  const totalMs = (run: StartProfile[number]) => startPhases.reduce((sum, phase) => sum + run[phase].ms, 0);
  return [
    [
      "Guest instructions per container run (agent under Node, busybox true, --network none)",
      mega(median(steady.map(total))),
      "",
      `median of runs ${profile.length - steady.length + 1}–${profile.length}: ${startPhases.map((phase) => `${phase} ${mega(median(steady.map((run) => run[phase].instructions)))}`).join(", ")}`,
    ],
    [
      "Container run through the agent, first and steady state (under Node)",
      millis(median(steady.map(totalMs))),
      "",
      `first run ${millis(totalMs(profile[0]))}; steady state median of ${steady.length}, min ${millis(Math.min(...steady.map(totalMs)))}, max ${millis(Math.max(...steady.map(totalMs)))}`,
    ],
  ];
}

/** Snapshot size and restore time at the old and the new default memory, beside the same without zeroing freed pages. */
function snapshotRows(figures: SnapshotFigures[]): [string, string, string, string][] {
  const zeroing = figures.filter((figure) => figure.zeroFreedPages);
  const without = (memoryMiB: number) => figures.find((figure) => figure.memoryMiB === memoryMiB && !figure.zeroFreedPages);
  return zeroing.flatMap((figure) => {
    const before = without(figure.memoryMiB);
    const which = figure.memoryMiB === oldDefaultMemoryMiB ? "old" : "new";
    return [
      [
        `VM snapshot size at the ${which} default memory, ${figure.memoryMiB} MiB`,
        megabytes(figure.snapshotBytes),
        "",
        before ? `${megabytes(before.snapshotBytes)} without init_on_free=1 (freed pages not zeroed)` : "",
      ],
      [
        `VM snapshot restore to an answering agent at ${figure.memoryMiB} MiB, median of ${figure.restoreMs.length} (under Node)`,
        millis(median(figure.restoreMs)),
        "",
        `${range(figure.restoreMs)}${before ? `; without init_on_free=1 ${millis(median(before.restoreMs))}` : ""}`,
      ],
    ];
  });
}

async function main(): Promise<void> {
  await build({ configFile: join(repoRoot, "vite.config.ts"), logLevel: "warn" });
  const fixtures = await ensureFixtures();
  const layerBlob = await debianLayerBlob(fixtures);
  const registry = await startLocalRegistry();
  try {
    await pushFixtures(registry.url, fixtures);
    const server = await serveDirectory(join(repoRoot, "dist"), [registry.host]);
    try {
      await measureAll(server, registry, fixtures, layerBlob);
    } finally {
      await server.close();
    }
  } finally {
    await registry.close();
  }
}

/** The CPU workload with busybox as init (no container), median of 3, in each emulator. */
async function bareWorkloadMedians(): Promise<{ v86: number; qemu: number }> {
  const v86: number[] = [];
  const qemu: number[] = [];
  for (let round = 0; round < 3; round++) {
    v86.push(await v86RunMs(guestDirectory, workloadRun(cpuWorkload)));
    qemu.push(await qemuRunMs(guestDirectory, workloadRun(cpuWorkload)));
  }
  return { v86: median(v86), qemu: median(qemu) };
}

async function measureAll(server: CountingServer, registry: LocalRegistry, fixtures: FixtureSet, layerBlob: LayerBlob): Promise<void> {
  const loadAtStart = loadavg()[0];
  const browser = await measureInBrowser(server, runs);
  const embed = await measureEmbed(server, runs);
  const debian = await measureDebianPull(server, registry.host, cachedDebianRuns);
  const push = await measurePush(registry, pushRuns);
  const network = await measureNetworks(server.url);
  const layerApply = await layerApplyInChromium(layerBlob, runs);
  const ourLayerMs = median(layerApply.runMs);
  const nativeLayerMs = median(nativeTarExtractMs(layerBlob.path, runs));
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
  const snapshots = await measureSnapshotsByMemory(snapshotRestores);
  const layerDisk = await measureLayerDisk();
  const lifecycle = await measureLifecycle(runs);
  const startProfile = await profileContainerStarts(startProfileRuns);
  const bareWorkload = await bareWorkloadMedians();
  const python = await measurePython(`${registry.host}/python3`, fixtures.images.python3.layout, guestDirectory, pythonRounds);
  const postgres = await measurePostgres(`${registry.host}/postgres`);
  const pageCache = await measurePageCache(`${registry.host}/python3`, readManifest(guestDirectory).memoryMiB);
  const daemon = await measureDaemon(runs);
  const building = await measureBuild();
  const egress = await measureEgress(egressRuns);
  const egressMs = median(egress.downloadRunMs) - median(egress.bareRunMs);
  const spread = (values: number[]) => `median of ${values.length}; min ${millis(Math.min(...values))}, max ${millis(Math.max(...values))}`;
  const rows: [string, string, string, string][] = [
    ["Cold boot to engine ready (Chromium, engine clock)", seconds(browser.coldReadyEngineMs), "≤ 3 s", ""],
    ["Cold boot, navigation to ready (Chromium)", seconds(browser.coldReadyPageMs), "", "includes downloads"],
    ["Snapshot restore to ready (Chromium, engine clock)", seconds(browser.warmReadyEngineMs), "≤ 1 s", ""],
    ["Snapshot restore, reload to ready (Chromium)", seconds(browser.warmReadyPageMs), "", "includes page load"],
    [`First docker run --rm busybox true after a snapshot restore, median of ${runs} restores (Chromium)`, millis(median(browser.firstRunAfterRestoreMs)), "≤ 300 ms", `${range(browser.firstRunAfterRestoreMs)}; typed as soon as the engine is ready`],
    [`The same, typed after a pause, median of ${runs} restores (Chromium)`, millis(median(browser.firstRunAfterIdleMs)), "≤ 300 ms", `${range(browser.firstRunAfterIdleMs)}; typed ${idleAfterRestoreMs / 1000} s after ready, while the JIT warm-up runs`],
    [`docker run --rm busybox true, median of ${runs} (Chromium)`, millis(median(browser.runTrueMs)), "≤ 150 ms", `${range(browser.runTrueMs)}; the runs after the first`],
    ["First visit transfer (on the wire, gzip where it helps)", megabytes(browser.firstVisitBytes.wire), "≤ 6 MB", `files themselves: ${megabytes(browser.firstVisitBytes.files)}`],
    ...embedRows(embed),
    ["Cold boot to agent READY, v86 under Node (median of 3)", seconds(median(v86NodeBoots)), "", ""],
    ["Kernel + initramfs to init, v86 under Node (median of 3)", seconds(median(v86ToInit)), "", "rdinit=/bin/busybox, until the panic"],
    ["Kernel + initramfs to init, qemu-system-i386 TCG (median of 3)", seconds(median(qemuToInit)), "", "same files and command line"],
    ["Ratio v86 / QEMU TCG, kernel to init", `${median(pairRatios).toFixed(2)}×`, "", "median of paired runs"],
    ...snapshotRows(snapshots),
    ...layerDiskRows(layerDisk),
    ["docker run -d + docker stop cycle (engine under Node)", millis(median(lifecycle.detachedCycleMs)), "", spread(lifecycle.detachedCycleMs)],
    ["docker exec … true latency (engine under Node)", millis(median(lifecycle.execTrueMs)), "", spread(lifecycle.execTrueMs)],
    ...startProfileRows(startProfile),
    ["8 containers created and started together (engine under Node)", millis(lifecycle.eightTogetherMs), "", "create + start of each, all at once"],
    ["docker logs of a 10 MB log (engine under Node, filesystem log store)", millis(lifecycle.logs10MbMs), "", `${megabytes(lifecycle.logs10MbBytes)} read back`],
    ["CPU workload in a container, v86 (engine under Node)", millis(lifecycle.cpuWorkloadMs), "", cpuWorkload.replaceAll("|", "\\|")],
    ["Same workload, v86 under Node, busybox as init (median of 3)", millis(bareWorkload.v86), "", "no agent, no container; between serial markers"],
    ["Same workload, qemu-system-i386 TCG, same kernel and initramfs (median of 3)", millis(bareWorkload.qemu), "", "busybox as init, between serial markers"],
    ["Ratio v86 in a container / QEMU TCG, CPU workload", `${(lifecycle.cpuWorkloadMs / bareWorkload.qemu).toFixed(2)}×`, "", ""],
    ...pythonRows(python),
    ...postgresRows(postgres),
    ...pageCacheRows(pageCache),
    [`docker run --rm busybox true, real docker CLI against berth daemon, median of ${runs}`, millis(median(daemon.cliRunTrueMs)), "", `min ${millis(Math.min(...daemon.cliRunTrueMs))}, max ${millis(Math.max(...daemon.cliRunTrueMs))}; the page's figure above, same machine`],
    ["GET /containers/json with 10 containers, berth daemon over loopback TCP", `${Math.round(daemon.listRequestsPerSecond)} requests/s`, "", `${daemon.listRequests} requests, 16 in flight, at most 20 s`],
    ["berth daemon start to first docker version answer, cold (fresh state)", seconds(daemon.coldStartToVersionMs), "", "includes the guest's cold boot"],
    ["berth daemon start to first docker version answer, from the snapshot", seconds(daemon.snapshotStartToVersionMs), "", "second start on the same state"],
    ["docker build of a 6-step Dockerfile on a cached busybox, no cache (engine under Node)", seconds(building.coldBuildMs), "", "ENV, WORKDIR, COPY, a RUN of about a second, CMD"],
    ["The same build after a one-line change to its RUN step", seconds(building.changedRebuildMs), "", "steps before it from the cache"],
    ["That RUN step's command alone in a container (create, start, wait, remove)", seconds(building.changedStepAloneMs), "", "on the image before the step"],
    ["Ratio rebuild / the changed step alone", `${(building.changedRebuildMs / building.changedStepAloneMs).toFixed(2)}×`, "≤ 1.5×", ""],
    ["docker commit of a container that wrote 50 MB (engine under Node)", throughput(building.commitBytes, building.commitMs), "", `${seconds(building.commitMs)}; random data: diff in the guest, gzip, sha256, store`],
    ["Native tar -czf of the same files", throughput(building.commitBytes, building.nativeTarGzipMs), "", `${seconds(building.nativeTarGzipMs)}, median of 3`],
    [`Debian layer applied in a Chromium worker (gunzip, sha256, tar parse, tree), median of ${runs}`, throughput(layerApply.tarBytes, ourLayerMs), "", `${millis(ourLayerMs)} for ${megabytes(layerApply.tarBytes)} uncompressed`],
    [`Debian layer, native tar -xzf into /dev/shm, median of ${runs}`, throughput(layerApply.tarBytes, nativeLayerMs), "", millis(nativeLayerMs)],
    ["Ratio ours / native tar, layer throughput", `${(nativeLayerMs / ourLayerMs).toFixed(2)}×`, "≥ 0.5×", "ratio of the medians"],
    ["Cold docker pull of debian from the loopback registry via the proxy", seconds(debian.pullMs), "", `${throughput(layerBlob.compressedBytes, debian.pullMs)} of the ${megabytes(layerBlob.compressedBytes)} gzip layer; fresh profile`],
    ["First docker run --rm debian true after reload (image from IndexedDB)", millis(debian.firstCachedRunMs), "≤ 1 s", "layer read, gunzip, verify, tree, 9p write, start"],
    [`docker run --rm debian true again, median of ${cachedDebianRuns}`, millis(median(debian.cachedRunMs)), "", "rootfs already in the guest: container start only"],
    [`docker push of debian to the loopback registry (engine's push path, Node), median of ${pushRuns}`, throughput(push.bytes, median(push.berthMs)), "", `${megabytes(push.bytes)} of blobs in ${millis(median(push.berthMs))}; 8 MiB chunks; fresh repository each run`],
    [`curl uploading the same blobs (one PUT each), median of ${pushRuns}`, throughput(push.bytes, median(push.curlMs)), "", millis(median(push.curlMs))],
    [`Egress download in the page through the WISP relay (busybox wget of ${megabytes(egress.bytes)}), median of ${egressRuns}`, throughput(egress.bytes, egressMs), "", `the docker run's ${millis(median(egress.downloadRunMs))} less a bare run's ${millis(median(egress.bareRunMs))}; loopback HTTP server`],
    [`curl on the host fetching the same file from the same server, median of ${egressRuns}`, throughput(egress.bytes, median(egress.curlMs)), "", millis(median(egress.curlMs))],
    ...networkRows(network),
  ];
  // Other work on the machine slows wall-clock figures; the load says how much there was.
  const load = `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${load}`;
  const table = [
    `Benchmark run ${new Date().toISOString()} on ${machine}`,
    "",
    "| figure | value | target | note |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
  console.log(table);
  const benchFile = join(repoRoot, "docs", "bench.md");
  // The record of what each change bought is written by hand below the table; keep it.
  const record = existsSync(benchFile) ? readFileSync(benchFile, "utf8").split(recordHeading)[1] : undefined;
  writeFileSync(benchFile, `# Benchmarks\n\nThe latest \`npm run bench\`.\n\n${table}\n${record === undefined ? "" : `\n${recordHeading}${record}`}`);
}

await main();
// The engines measured under Node keep their guests' timers alive (the Engine API has no shutdown);
// the figures are written, so the run ends here.
process.exit(0);
