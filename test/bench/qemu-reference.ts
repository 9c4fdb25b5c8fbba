// Boots the same kernel and initramfs under qemu-system-i386 (TCG) and times the guest agent's
// READY on its control port: the reference for the emulator's cold boot.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GuestManifest } from "../../worker/vm/guest-vm.ts";

export const qemuBinary = "/usr/bin/qemu-system-i386";

export async function qemuBootToReadyMs(guestDirectory: string, timeoutMs = 120_000): Promise<number> {
  const manifest = JSON.parse(readFileSync(join(guestDirectory, "manifest.json"), "utf8")) as GuestManifest;
  const work = mkdtempSync(join(tmpdir(), "berth-qemu-"));
  const controlOutput = join(work, "control.out");
  const started = performance.now();
  const qemu = spawn(
    qemuBinary,
    [
      "-accel", "tcg", "-m", String(manifest.memoryMiB), "-smp", "1",
      "-bios", join(guestDirectory, manifest.bios),
      "-kernel", join(guestDirectory, manifest.kernel),
      "-initrd", join(guestDirectory, manifest.initrd),
      "-append", manifest.cmdline,
      "-display", "none", "-serial", "null", "-nic", "none", "-no-reboot",
      "-device", "virtio-serial-pci",
      "-chardev", "null,id=console", "-device", "virtconsole,chardev=console,nr=0",
      "-chardev", `file,id=control,path=${controlOutput}`, "-device", "virtserialport,chardev=control,nr=1",
      "-chardev", "null,id=stdio", "-device", "virtserialport,chardev=stdio,nr=2",
      "-fsdev", `local,id=shared,path=${work},security_model=none`,
      "-device", "virtio-9p-pci,fsdev=shared,mount_tag=host9p",
    ],
    { stdio: "ignore" },
  );
  try {
    while (performance.now() - started < timeoutMs) {
      if (existsSync(controlOutput) && statSync(controlOutput).size > 0) return performance.now() - started;
      if (qemu.exitCode !== null) throw new Error(`qemu exited with ${qemu.exitCode} before READY`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error("qemu: no READY from the agent in time");
  } finally {
    qemu.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  }
}
