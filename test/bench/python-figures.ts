// `python3 -c pass` three times in a row, side by side: in a container on a fresh engine under Node
// (`docker run --rm python3 python3 -c pass`, wall time of each run, the image pulled first from the
// loopback registry, untimed), and bare on the same kernel with the same image files in the
// initramfs, busybox as init chrooting into them, in v86 under Node and in qemu-system-i386's TCG
// (time between serial markers). Each round is a fresh engine or a fresh boot, so every first run
// starts with nothing of python cached in the guest.
//
// Run alone: node --import tsx test/bench/python-figures.ts

import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeTestEngine, runToExit } from "../integration/node-engine.ts";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startLocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import { imageInitramfs } from "./image-initramfs.ts";
import { qemuMarkerTimes, readManifest, v86MarkerTimes, type MarkedRun } from "./kernel-to-init.ts";

/** Milliseconds of runs 1, 2 and 3, one such triple per round. */
export type RunTriples = number[][];

export interface PythonFigures {
  container: RunTriples;
  /** python3 -c pass's own time in a container (bash's `time`), after the three runs, per round. */
  containerPythonMs: number[];
  v86Bare: RunTriples;
  qemuBare: RunTriples;
}

const runsPerRound = 3;
/** Where the image's files are in the initramfs. */
const rootDirectory = "python3";

/** busybox as init: a start marker, then `python3 -c pass` in a chroot of the image's files, a marker after each run. */
function bareRun(initrd: string): MarkedRun {
  const python = `/bin/busybox chroot /${rootDirectory} /usr/bin/python3 -c pass || echo PY-FAILED`;
  const runs = Array.from({ length: runsPerRound }, (_, run) => `${python}; echo PY-${run + 1}`).join("; ");
  return {
    init: `rdinit=/bin/busybox -- sh -c "echo PY-START; ${runs}"`,
    initrd,
    markers: ["PY-START\r", ...Array.from({ length: runsPerRound }, (_, run) => `PY-${run + 1}\r`)],
    failure: "PY-FAILED\r",
  };
}

/** Each run's milliseconds from the marker times: start, then one marker after each run. */
const laps = (times: number[]) => times.slice(1).map((time, run) => time - times[run]!);

/** A fresh engine pulls the image, then runs `python3 -c pass` in containers. */
async function containerRound(image: string): Promise<{ runMs: number[]; pythonMs: number }> {
  const state = mkdtempSync(join(tmpdir(), "berth-bench-python-"));
  try {
    const engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
    await (await engine.imageCreate({ fromImage: image }, { report: () => undefined })).done();
    const runMs: number[] = [];
    for (let run = 0; run < runsPerRound; run++) {
      const started = performance.now();
      const result = await runToExit(engine, { Image: image, Cmd: ["python3", "-c", "pass"], HostConfig: { AutoRemove: true } });
      runMs.push(performance.now() - started);
      if (result.exitCode !== 0) throw new Error(`python3 -c pass exited with ${result.exitCode}: ${result.stderr}`);
    }
    const timed = await runToExit(engine, {
      Image: image,
      Cmd: ["bash", "-c", "TIMEFORMAT=%3R; time python3 -c pass"],
      HostConfig: { AutoRemove: true },
    });
    const seconds = Number(timed.stderr.trim());
    if (timed.exitCode !== 0 || !Number.isFinite(seconds)) throw new Error(`bash's time of python3 -c pass failed: ${timed.stderr}`);
    return { runMs, pythonMs: seconds * 1000 };
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

/** The figures over `rounds` fresh engines and boots; `image` is the python3 fixture's reference in the registry. */
export async function measurePython(image: string, layout: string, guestDirectory: string, rounds: number): Promise<PythonFigures> {
  const scratch = mkdtempSync(join(tmpdir(), "berth-bench-initramfs-"));
  try {
    const initrd = join(scratch, "python3.cpio");
    imageInitramfs(join(guestDirectory, readManifest(guestDirectory).initrd), layout, rootDirectory, initrd);
    const figures: PythonFigures = { container: [], containerPythonMs: [], v86Bare: [], qemuBare: [] };
    for (let round = 0; round < rounds; round++) {
      const { runMs, pythonMs } = await containerRound(image);
      figures.container.push(runMs);
      figures.containerPythonMs.push(pythonMs);
      figures.v86Bare.push(laps(await v86MarkerTimes(guestDirectory, bareRun(initrd))));
      figures.qemuBare.push(laps(await qemuMarkerTimes(guestDirectory, bareRun(initrd))));
    }
    return figures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The figures as rows of the bench table: figure, value, target, note. */
export function pythonRows(figures: PythonFigures): [string, string, string, string][] {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const runOf = (triples: RunTriples, run: number) => triples.map((triple) => triple[run]!);
  const spread = (values: number[]) => `median of ${values.length} fresh guests; min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))}`;
  const rows = (what: string, triples: RunTriples, note: string): [string, string, string, string][] => [
    [`${what}, first run`, ms(median(runOf(triples, 0))), "", `${spread(runOf(triples, 0))}; ${note}`],
    [`${what}, third run`, ms(median(runOf(triples, 2))), "", `${spread(runOf(triples, 2))}; second run ${ms(median(runOf(triples, 1)))}`],
  ];
  const ratio = (triples: RunTriples, run: number) => `${(median(runOf(triples, run)) / median(runOf(figures.qemuBare, run))).toFixed(1)}×`;
  const ratioNote = (run: number) => `ratio of the medians; v86 bare / QEMU TCG bare ${ratio(figures.v86Bare, run)}`;
  return [
    ...rows("docker run --rm python3 python3 -c pass (engine under Node)", figures.container, "image pulled first, untimed; wall time of the whole run"),
    ["python3 -c pass's own time in a fourth container (bash's time), after those runs", ms(median(figures.containerPythonMs)), "", spread(figures.containerPythonMs)],
    ...rows("python3 -c pass, v86 under Node, busybox as init, the image's files in the initramfs", figures.v86Bare, "chroot into them, between serial markers"),
    ...rows("python3 -c pass, qemu-system-i386 TCG, same kernel and initramfs", figures.qemuBare, "chroot into the image's files, between serial markers"),
    ["Ratio v86 in a container / QEMU TCG bare, python3 -c pass, first run", ratio(figures.container, 0), "≤ 2×", ratioNote(0)],
    ["Ratio v86 in a container / QEMU TCG bare, python3 -c pass, third run", ratio(figures.container, 2), "≤ 2×", ratioNote(2)],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const guestDirectory = fileURLToPath(new URL("../../public/guest", import.meta.url));
  const rounds = Number(process.env.BERTH_BENCH_PYTHON_ROUNDS ?? 3);
  const fixtures = await ensureFixtures();
  const loadAtStart = loadavg()[0]!;
  const registry = await startLocalRegistry();
  try {
    await pushFixtures(registry.url, fixtures, ["python3"]);
    const figures = await measurePython(`${registry.host}/python3`, fixtures.images.python3.layout, guestDirectory, rounds);
    console.log(JSON.stringify(figures));
    console.log(`load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`);
    const rows = pythonRows(figures);
    console.log(["| figure | value | target | note |", "| --- | --- | --- | --- |", ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n"));
  } finally {
    await registry.close();
  }
  // The engines keep their guests' timers alive (the Engine API has no shutdown).
  process.exit(0);
}
