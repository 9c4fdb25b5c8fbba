// The real guest under Node with a DiskBus as v86's IDE disk, and containers whose writable layer
// is on it (or, for comparison, on the guest's tmpfs): for the layer disk tests and the bench.

import { DiskBus } from "../../worker/disks/disk-bus.ts";
import type { DiskChunkStore } from "../../worker/disks/disk-chunk-store.ts";
import type { AgentClient, LayerDiskRange } from "../../worker/vm/agent-client.ts";
import { GuestVm } from "../../worker/vm/guest-vm.ts";
import { OutputCollector, busyboxRootfs, guestVmInputs, nextExit, ociConfig } from "./guest-fixture.ts";

export const diskTestRootfs = "images/busybox-test/rootfs";

export interface DiskGuest {
  vm: GuestVm;
  agent: AgentClient;
  bus: DiskBus;
  /** Taken right after the boot, before any rootfs was written. */
  snapshot: ArrayBuffer;
}

/** Boots (or restores `snapshot`) with the store's disks on the bus, and writes the busybox rootfs. */
export async function bootDiskGuest(store: DiskChunkStore, snapshot?: ArrayBuffer): Promise<DiskGuest> {
  const bus = new DiskBus(store);
  const vm = new GuestVm({ ...(await guestVmInputs()), disk: bus.v86Buffer, watchdog: false });
  const boot = await vm.boot({ snapshot });
  const saved = snapshot ?? (await vm.saveSnapshot());
  await boot.files.writeTree(diskTestRootfs, busyboxRootfs());
  return { vm, agent: boot.agent, bus, snapshot: saved };
}

/** Attaches the disk as the engine does: blank if nothing of it is stored yet. */
export async function layerDiskRange(bus: DiskBus, id: string): Promise<LayerDiskRange> {
  const blank = (await bus.usage(id)) === 0;
  const slot = bus.attach(id);
  return { partition: slot, start: slot * bus.slotBytes, length: bus.slotBytes, blank };
}

/**
 * CREATE (on the container's disk, with `room` if given, unless `onTmpfs`), START `sh -c script`,
 * run `whileRunning` if given, wait for the exit; the bundle stays.
 */
export async function runScript(
  guest: DiskGuest,
  id: string,
  script: string,
  options: { onTmpfs?: boolean; room?: number; whileRunning?: () => Promise<void>; extraMounts?: Parameters<typeof ociConfig>[0]["extraMounts"] } = {},
) {
  const { agent, bus } = guest;
  await agent.create({
    id,
    rootfs: diskTestRootfs,
    configJson: ociConfig({ args: ["sh", "-c", script], hostname: id.slice(0, 12), cgroup: `/berth/${id}`, extraMounts: options.extraMounts }),
    ...(options.onTmpfs ? {} : { layerDisk: { ...(await layerDiskRange(bus, id)), room: options.room } }),
  });
  const output = new OutputCollector(agent);
  try {
    const exited = nextExit(agent, id);
    await agent.start({ id, handle: output.handle, tty: false, stdinOpen: false });
    await options.whileRunning?.();
    const { exitCode } = await exited;
    return { exitCode, stdout: output.stdout, stderr: output.stderr };
  } finally {
    output.detach();
  }
}
