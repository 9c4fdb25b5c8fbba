// The VM snapshot at the old default memory (128 MiB) and the new one (the guest image's, 512 MiB),
// each with the kernel's init_on_free=1 (freed pages zeroed, which v86 leaves out of a saved state)
// and without it: the snapshot's size, and the time to restore it to an answering agent (under Node).

import { GuestVm } from "../../worker/vm/guest-vm.ts";
import { guestVmInputs } from "../integration/guest-fixture.ts";

export const oldDefaultMemoryMiB = 128;
const zeroFreedPages = "init_on_free=1";

export interface SnapshotFigures {
  memoryMiB: number;
  zeroFreedPages: boolean;
  snapshotBytes: number;
  restoreMs: number[];
}

/** One cold boot and `restores` restores per memory size and kernel setting; the restores take turns so that load on the machine hits each alike. */
export async function measureSnapshotsByMemory(restores: number): Promise<SnapshotFigures[]> {
  const inputs = await guestVmInputs();
  const withZeroing = inputs.manifest.cmdline.includes(zeroFreedPages);
  const cmdlines = [inputs.manifest.cmdline, inputs.manifest.cmdline.replace(zeroFreedPages, "").trim()];
  const variants = [oldDefaultMemoryMiB, inputs.manifest.memoryMiB].flatMap((memoryMiB) =>
    cmdlines.map((cmdline) => ({ memoryMiB, zeroFreedPages: withZeroing && cmdline === cmdlines[0], options: { ...inputs, manifest: { ...inputs.manifest, cmdline }, memoryMiB, watchdog: false as const } })),
  );
  const snapshots: ArrayBuffer[] = [];
  for (const variant of variants) {
    const vm = new GuestVm(variant.options);
    try {
      await vm.boot();
      snapshots.push(await vm.saveSnapshot());
    } finally {
      await vm.dispose();
    }
  }
  const restoreMs = variants.map((): number[] => []);
  for (let round = 0; round < restores; round++) {
    for (const [index, variant] of variants.entries()) {
      const vm = new GuestVm(variant.options);
      try {
        const { report } = await vm.boot({ snapshot: snapshots[index] });
        if (report.path !== "snapshot-restore") throw new Error(`the ${variant.memoryMiB} MiB snapshot was not restored`);
        restoreMs[index]!.push(report.milliseconds);
      } finally {
        await vm.dispose();
      }
    }
  }
  return variants.map((variant, index) => ({ memoryMiB: variant.memoryMiB, zeroFreedPages: variant.zeroFreedPages, snapshotBytes: snapshots[index]!.byteLength, restoreMs: restoreMs[index]! }));
}
