// A like-for-like emulator comparison: the same kernel and initramfs, booted with
// `rdinit=/bin/busybox` (which prints its usage and exits), timed from starting the emulator to
// the kernel's panic when that init exits: BIOS, kernel decompression and start-up, initramfs
// unpacking, one exec. It leaves out the agent, whose device handling differs between v86 and QEMU.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GuestManifest } from "../../worker/vm/guest-vm.ts";
import { loadNodeV86Runtime } from "../../worker/vm/node-v86.ts";

const panicMarker = "Kernel panic";
const initArgument = "rdinit=/bin/busybox";

function readManifest(guestDirectory: string): GuestManifest {
  return JSON.parse(readFileSync(join(guestDirectory, "manifest.json"), "utf8")) as GuestManifest;
}

function asArrayBuffer(path: string): ArrayBuffer {
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export async function v86KernelToInitMs(guestDirectory: string, timeoutMs = 120_000): Promise<number> {
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
    cmdline: `${manifest.cmdline} ${initArgument}`,
    filesystem: {},
    virtio_console: true,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      let console = "";
      const timer = setTimeout(() => reject(new Error("v86: no kernel panic in time")), timeoutMs);
      emulator.add_listener("serial0-output-byte", (byte) => {
        console = (console + String.fromCharCode(byte)).slice(-64);
        if (console.includes(panicMarker)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
    });
  } finally {
    await emulator.destroy();
  }
}

export async function qemuKernelToInitMs(guestDirectory: string, timeoutMs = 120_000): Promise<number> {
  const manifest = readManifest(guestDirectory);
  const started = performance.now();
  const qemu = spawn(
    "/usr/bin/qemu-system-i386",
    [
      "-accel", "tcg", "-m", String(manifest.memoryMiB), "-smp", "1",
      "-bios", join(guestDirectory, manifest.bios),
      "-kernel", join(guestDirectory, manifest.kernel),
      "-initrd", join(guestDirectory, manifest.initrd),
      "-append", `${manifest.cmdline} ${initArgument}`,
      "-display", "none", "-serial", "stdio", "-monitor", "none", "-nic", "none", "-no-reboot",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      let console = "";
      const timer = setTimeout(() => reject(new Error("qemu: no kernel panic in time")), timeoutMs);
      qemu.stdout.on("data", (chunk: Buffer) => {
        console = (console + chunk.toString("latin1")).slice(-4096);
        if (console.includes(panicMarker)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      qemu.on("exit", (code) => reject(new Error(`qemu exited with ${code} before the panic`)));
    });
  } finally {
    qemu.kill("SIGKILL");
  }
}
