// Like-for-like emulator comparisons on the same kernel and initramfs. Kernel to init: booted with
// `rdinit=/bin/busybox` (which prints its usage and exits), timed from starting the emulator to
// the kernel's panic when that init exits: BIOS, kernel decompression and start-up, initramfs
// unpacking, one exec. It leaves out the agent, whose device handling differs between v86 and QEMU.
// A CPU workload: busybox as init runs a script between two markers on the serial console.

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
}

const kernelToInit: GuestRun = { init: initArgument, endMarker: panicMarker };

/** The CPU workload between markers, run by busybox as the initramfs's init (no agent, no container). */
export function workloadRun(script: string): GuestRun {
  return { init: `rdinit=/bin/busybox -- sh -c "echo BENCH-START; ${script}; echo BENCH-END"`, startMarker: "BENCH-START", endMarker: "BENCH-END\r" };
}

function readManifest(guestDirectory: string): GuestManifest {
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

/** Milliseconds from the start marker (or the emulator's start) to the end marker, in v86. */
export async function v86RunMs(guestDirectory: string, run: GuestRun, timeoutMs = 300_000): Promise<number> {
  const manifest = readManifest(guestDirectory);
  const runtime = await loadNodeV86Runtime();
  const started = performance.now();
  const emulator = new runtime.V86({
    wasm_fn: async (imports) => (await WebAssembly.instantiate(runtime.wasm, imports)).exports,
    memory_size: manifest.memoryMiB * 1024 * 1024,
    vga_memory_size: 256 * 1024,
    bios: { buffer: asArrayBuffer(join(guestDirectory, manifest.bios)) },
    bzimage: { buffer: asArrayBuffer(join(guestDirectory, manifest.kernel)) },
    initrd: { buffer: asArrayBuffer(join(guestDirectory, manifest.initrd)) },
    cmdline: `${manifest.cmdline} ${run.init}`,
    filesystem: {},
    virtio_console: true,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      const watch = markerWatch(run, started, resolve);
      const timer = setTimeout(() => reject(new Error(`v86: no ${run.endMarker.trim()} in time`)), timeoutMs);
      emulator.add_listener("serial0-output-byte", (byte) => {
        if (watch(String.fromCharCode(byte))) clearTimeout(timer);
      });
    });
  } finally {
    await emulator.destroy();
  }
}

/** Milliseconds from the start marker (or the emulator's start) to the end marker, in QEMU's TCG. */
export async function qemuRunMs(guestDirectory: string, run: GuestRun, timeoutMs = 300_000): Promise<number> {
  const manifest = readManifest(guestDirectory);
  const started = performance.now();
  const qemu = spawn(
    "/usr/bin/qemu-system-i386",
    [
      "-accel", "tcg", "-m", String(manifest.memoryMiB), "-smp", "1",
      "-bios", join(guestDirectory, manifest.bios),
      "-kernel", join(guestDirectory, manifest.kernel),
      "-initrd", join(guestDirectory, manifest.initrd),
      "-append", `${manifest.cmdline} ${run.init}`,
      "-display", "none", "-serial", "stdio", "-monitor", "none", "-nic", "none", "-no-reboot",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      const watch = markerWatch(run, started, resolve);
      const timer = setTimeout(() => reject(new Error(`qemu: no ${run.endMarker.trim()} in time`)), timeoutMs);
      qemu.stdout.on("data", (chunk: Buffer) => {
        if (watch(chunk.toString("latin1"))) clearTimeout(timer);
      });
      qemu.on("exit", (code) => reject(new Error(`qemu exited with ${code} before ${run.endMarker.trim()}`)));
    });
  } finally {
    qemu.kill("SIGKILL");
  }
}

/** Feeds console text; resolves with the time between the markers once the end marker shows. */
function markerWatch(run: GuestRun, emulatorStarted: number, resolve: (ms: number) => void): (text: string) => boolean {
  let console = "";
  let startedAt = run.startMarker ? undefined : emulatorStarted;
  return (text) => {
    console = (console + text).slice(-4096);
    if (startedAt === undefined && console.includes(`${run.startMarker}\r`)) {
      startedAt = performance.now();
      console = "";
    }
    if (startedAt === undefined || !console.includes(run.endMarker)) return false;
    resolve(performance.now() - startedAt);
    return true;
  };
}
