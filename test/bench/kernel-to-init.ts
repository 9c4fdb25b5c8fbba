// Like-for-like emulator comparisons on the same kernel and initramfs. Kernel to init: booted with
// `rdinit=/bin/busybox` (which prints its usage and exits), timed from starting the emulator to
// the kernel's panic when that init exits: BIOS, kernel decompression and start-up, initramfs
// unpacking, one exec. It leaves out the agent, whose device handling differs between v86 and QEMU.
// A CPU workload: busybox as init runs a script between two markers on the serial console. Runs
// can bring their own initramfs and time several markers in one boot.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GuestManifest } from "../../worker/vm/guest-vm.ts";
import { loadNodeV86Runtime } from "../../worker/vm/node-v86.ts";

const panicMarker = "Kernel panic";
const initArgument = "rdinit=/bin/busybox";

/** What a timed guest run waits for on the serial console. */
export interface GuestRun {
  /** Appended to the kernel command line. */
  init: string;
  /** Starts the clock when it appears (absent: the emulator's start). */
  startMarker?: string;
  endMarker: string;
  /** The initramfs file (absent: the guest's). */
  initrd?: string;
}

/** A boot that prints several markers on the serial console. */
export interface MarkedRun {
  /** Appended to the kernel command line. */
  init: string;
  /** The initramfs file (absent: the guest's). */
  initrd?: string;
  /** Console text awaited in this order; the last ends the run. */
  markers: string[];
  /** Console text that fails the run at once. */
  failure?: string;
}

const kernelToInit: GuestRun = { init: initArgument, endMarker: panicMarker };

/** The CPU workload between markers, run by busybox as the initramfs's init (no agent, no container). */
export function workloadRun(script: string): GuestRun {
  return { init: `rdinit=/bin/busybox -- sh -c "echo BENCH-START; ${script}; echo BENCH-END"`, startMarker: "BENCH-START", endMarker: "BENCH-END\r" };
}

export function readManifest(guestDirectory: string): GuestManifest {
  return JSON.parse(readFileSync(join(guestDirectory, "manifest.json"), "utf8")) as GuestManifest;
}

function asArrayBuffer(path: string): ArrayBuffer {
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function v86KernelToInitMs(guestDirectory: string): Promise<number> {
  return v86RunMs(guestDirectory, kernelToInit);
}

export function qemuKernelToInitMs(guestDirectory: string): Promise<number> {
  return qemuRunMs(guestDirectory, kernelToInit);
}

/** The markers a GuestRun waits for. */
function runMarkers(run: GuestRun): MarkedRun {
  return { init: run.init, initrd: run.initrd, markers: run.startMarker ? [`${run.startMarker}\r`, run.endMarker] : [run.endMarker] };
}

/** Milliseconds between the markers, or from the emulator's start to the one marker. */
function markedSpan(times: number[]): number {
  return times.length > 1 ? times[times.length - 1]! - times[0]! : times[0]!;
}

/** Milliseconds from the start marker (or the emulator's start) to the end marker, in v86. */
export async function v86RunMs(guestDirectory: string, run: GuestRun, timeoutMs = 300_000): Promise<number> {
  return markedSpan(await v86MarkerTimes(guestDirectory, runMarkers(run), timeoutMs));
}

/** Milliseconds from the start marker (or the emulator's start) to the end marker, in QEMU's TCG. */
export async function qemuRunMs(guestDirectory: string, run: GuestRun, timeoutMs = 300_000): Promise<number> {
  return markedSpan(await qemuMarkerTimes(guestDirectory, runMarkers(run), timeoutMs));
}

/** When each marker showed, in milliseconds from the emulator's start, in v86. */
export async function v86MarkerTimes(guestDirectory: string, run: MarkedRun, timeoutMs = 300_000): Promise<number[]> {
  const manifest = readManifest(guestDirectory);
  const runtime = await loadNodeV86Runtime();
  const started = performance.now();
  const emulator = new runtime.V86({
    wasm_fn: async (imports) => (await WebAssembly.instantiate(runtime.wasm, imports)).exports,
    memory_size: manifest.memoryMiB * 1024 * 1024,
    vga_memory_size: 256 * 1024,
    bios: { buffer: asArrayBuffer(join(guestDirectory, manifest.bios)) },
    bzimage: { buffer: asArrayBuffer(join(guestDirectory, manifest.kernel)) },
    initrd: { buffer: asArrayBuffer(run.initrd ?? join(guestDirectory, manifest.initrd)) },
    cmdline: `${manifest.cmdline} ${run.init}`,
    filesystem: {},
    virtio_console: true,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  });
  try {
    return await serialMarkerTimes("v86", run, started, timeoutMs, (feed) => {
      emulator.add_listener("serial0-output-byte", (byte) => feed(String.fromCharCode(byte)));
    });
  } finally {
    await emulator.destroy();
  }
}

/**
 * The marker times of one emulator's serial output, which `subscribe` feeds as text; rejects after
 * `timeoutMs`, on the run's failure marker, or when `subscribe` reports a failure.
 */
function serialMarkerTimes(
  emulatorName: string,
  run: MarkedRun,
  started: number,
  timeoutMs: number,
  subscribe: (feed: (text: string) => void, fail: (error: Error) => void) => void,
): Promise<number[]> {
  return new Promise<number[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${emulatorName}: no ${lastMarker(run)} in time`)), timeoutMs);
    const watch = markerWatch(run, started, (error, times) => {
      clearTimeout(timer);
      if (error) reject(new Error(`${emulatorName}: ${error}`));
      else resolve(times);
    });
    subscribe(watch, reject);
  });
}

/** When each marker showed, in milliseconds from the emulator's start, in QEMU's TCG. */
export async function qemuMarkerTimes(guestDirectory: string, run: MarkedRun, timeoutMs = 300_000): Promise<number[]> {
  const manifest = readManifest(guestDirectory);
  const started = performance.now();
  const qemu = spawn(
    "/usr/bin/qemu-system-i386",
    [
      "-accel", "tcg", "-m", String(manifest.memoryMiB), "-smp", "1",
      "-bios", join(guestDirectory, manifest.bios),
      "-kernel", join(guestDirectory, manifest.kernel),
      "-initrd", run.initrd ?? join(guestDirectory, manifest.initrd),
      "-append", `${manifest.cmdline} ${run.init}`,
      "-display", "none", "-serial", "stdio", "-monitor", "none", "-nic", "none", "-no-reboot",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  try {
    return await serialMarkerTimes("qemu", run, started, timeoutMs, (feed, fail) => {
      qemu.stdout.on("data", (chunk: Buffer) => feed(chunk.toString("latin1")));
      qemu.on("exit", (code) => fail(new Error(`qemu exited with ${code} before ${lastMarker(run)}`)));
    });
  } finally {
    qemu.kill("SIGKILL");
  }
}

const lastMarker = (run: MarkedRun) => run.markers[run.markers.length - 1]!.trim();

/** Feeds console text; calls `done` with each marker's time once the last shows, or with the failure. */
function markerWatch(run: MarkedRun, emulatorStarted: number, done: (error: string | undefined, times: number[]) => void): (text: string) => void {
  let console = "";
  const times: number[] = [];
  let finished = false;
  return (text) => {
    if (finished) return;
    console = (console + text).slice(-4096);
    if (run.failure !== undefined && console.includes(run.failure)) {
      finished = true;
      done(`${run.failure.trim()} on the console: ${console.trim().slice(-1000)}`, times);
      return;
    }
    for (let at = console.indexOf(run.markers[times.length]!); at >= 0; at = console.indexOf(run.markers[times.length]!)) {
      times.push(performance.now() - emulatorStarted);
      console = console.slice(at + run.markers[times.length - 1]!.length);
      if (times.length === run.markers.length) {
        finished = true;
        done(undefined, times);
        return;
      }
    }
  };
}
