// Containers' writable layers on the engine's disk: each container has its own disk (named by its
// id) in the DiskBus, attached to a slot of the guest's IDE disk while its bundle exists in the
// guest, and kept in the store until the container is removed. The guest sees a slot as partition
// <slot> of /dev/sda holding the container's ext4 filesystem (images/agent/PROTOCOL.md).

import type { LayerDiskRange } from "../vm/agent-client.ts";
import type { V86HardDisk } from "../vm/v86-surface.ts";
import type { DiskBus } from "./disk-bus.ts";
import type { DiskChunkStore } from "./disk-chunk-store.ts";

/** Storage kept free beside what a container may write: its filesystem's metadata and 8 MiB journal, the store's overhead. */
const marginBytes = 32 * 1024 * 1024;

export class LayerDisks {
  constructor(
    private readonly bus: DiskBus,
    private readonly store: DiskChunkStore,
    /** The storage left for the engine, when the host can tell (the browser's quota). */
    private readonly storageLeft: () => Promise<number | undefined> = async () => undefined,
  ) {}

  /** What v86 gets as its IDE disk. */
  get v86Disk(): V86HardDisk {
    return this.bus.v86Buffer;
  }

  /**
   * Attaches the container's disk and says where the guest finds it; a disk never written is blank.
   * Where storage is limited, the container gets the room left (as of now) and meets ENOSPC past it.
   */
  async attach(containerId: string): Promise<LayerDiskRange> {
    const blank = (await this.bus.usage(containerId)) === 0;
    const room = await this.room();
    const slot = this.bus.attach(containerId);
    const range = { partition: slot, start: slot * this.bus.slotBytes, length: this.bus.slotBytes, blank };
    return room === undefined ? range : { ...range, room };
  }

  /** What a container may add to its layer as of now, where storage is limited and the host can tell. */
  async room(): Promise<number | undefined> {
    const left = await this.storageLeft().catch(() => undefined);
    return left === undefined ? undefined : Math.max(0, left - marginBytes);
  }

  /** Once the guest has let go of it (its bundle deleted, or the guest gone): its slot is free again. */
  async detach(containerId: string): Promise<void> {
    await this.bus.detach(containerId);
  }

  /** Everything the guest wrote to the container's disk so far is in the store once this resolves. */
  async flush(containerId: string): Promise<void> {
    await this.bus.flush(containerId);
  }

  /**
   * The container is gone: its disk and the space it took. `partitionKept` (the agent's DELETE): the
   * guest still holds the partition, so its slot stays out of use until the guest restarts.
   */
  async remove(containerId: string, { partitionKept = false } = {}): Promise<void> {
    await this.bus.remove(containerId, { slotStillHeld: partitionKept });
  }

  /** The guest is gone: every slot is free but for attached disks. */
  guestLost(): void {
    this.bus.releaseHeldSlots();
  }

  /** Frees the disks of containers that no longer exist (removed while a disk could not be deleted). */
  async removeOrphans(containerExists: (id: string) => boolean): Promise<void> {
    for (const disk of await this.store.disks()) if (!containerExists(disk)) await this.bus.remove(disk);
  }

  async usage(containerId: string): Promise<number> {
    return this.bus.usage(containerId);
  }
}
