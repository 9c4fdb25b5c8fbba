// Writable layers on the engine's disk, at the agent level: the real guest under Node with the
// DiskBus as v86's IDE disk. A container's ext4 layer holds more than the guest's memory would,
// and its changes outlive the container's bundle and the guest itself (a restore from the snapshot
// over the same store).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryDiskChunkStore } from "../../worker/disks/memory-disk-chunk-store.ts";
import { guestImageAvailable, newContainerId } from "./guest-fixture.ts";
import { bootDiskGuest, runScript, type DiskGuest } from "./layer-disk-fixture.ts";

const MiB = 1024 * 1024;

describe.skipIf(!guestImageAvailable)("writable layers on the engine's disk (real guest)", () => {
  const store = new MemoryDiskChunkStore();
  let first: DiskGuest;
  const id = newContainerId();

  beforeAll(async () => {
    first = await bootDiskGuest(store);
  }, 300_000);

  afterAll(async () => {
    await first?.vm.dispose();
  });

  it("holds 300 MB in one container, more than a tmpfs could (half the guest's 512 MiB)", async () => {
    const run = await runScript(
      first,
      id,
      "echo kept > /etc/kept && rm /bin/true && dd if=/dev/zero of=/big bs=1M count=300 2>/dev/null && sync && ls -l /big && df -k / | tail -1",
    );
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(String(300 * MiB));
    await first.agent.syncLayerDisk(id);
    await first.bus.flush(id);
    // Zeros take space in the guest's filesystem, not necessarily in the store; the metadata does.
    expect(await store.usage(id)).toBeGreaterThan(0);
  }, 600_000);

  it("keeps the changes after DELETE and in a new guest restored from the snapshot", async () => {
    await first.agent.delete(id);
    await first.bus.detach(id);
    const second = await bootDiskGuest(store, first.snapshot);
    try {
      const run = await runScript(second, id, "cat /etc/kept; ls /bin/true 2>&1; ls -l /big | awk '{print $5}'");
      expect(run.stdout).toBe(`kept\nls: /bin/true: No such file or directory\n${300 * MiB}\n`);
      await second.agent.delete(id);
      await second.bus.remove(id);
      expect(await store.usage(id)).toBe(0);
    } finally {
      await second.vm.dispose();
    }
  }, 600_000);

  it("gives a container with room for 20 MB ENOSPC past it, and keeps what it wrote", async () => {
    const id = newContainerId();
    const run = await runScript(first, id, "dd if=/dev/zero of=/fill bs=1M count=100; echo dd-exit=$?; ls -l /fill | awk '{print $5}'", { room: 20 * MiB });
    expect(run.stderr).toContain("No space left on device");
    const [exit, size] = run.stdout.trim().split("\n");
    expect(exit).toBe("dd-exit=1");
    expect(Number(size)).toBeGreaterThan(15 * MiB);
    expect(Number(size)).toBeLessThanOrEqual(20 * MiB);
    await first.agent.delete(id);
    await first.bus.remove(id);
  }, 300_000);

  it("takes a running container's room away on DISK_ROOM 0, so its next write meets ENOSPC", async () => {
    const id = newContainerId();
    // Waits until the room is gone (the overlay reports its upper filesystem's free space), then writes.
    const script = "while [ $(df -k / | awk 'NR==2 {print $4}') -gt 1024 ]; do sleep 0.1; done; dd if=/dev/zero of=/late bs=1M count=5; echo dd-exit=$?";
    const run = await runScript(first, id, script, { whileRunning: () => first.agent.setLayerRoom(id, 0) });
    expect(run.stderr).toContain("No space left on device");
    expect(run.stdout.trim()).toBe("dd-exit=1");
    await first.agent.delete(id);
    await first.bus.remove(id);
  }, 300_000);

  it("gives each container its own filesystem", async () => {
    const [a, b] = [newContainerId(), newContainerId()];
    await runScript(first, a, "echo a > /mine");
    const run = await runScript(first, b, "cat /mine 2>&1; echo b > /mine; cat /mine");
    expect(run.stdout).toBe("cat: can't open '/mine': No such file or directory\nb\n");
    for (const container of [a, b]) {
      await first.agent.delete(container);
      await first.bus.remove(container);
    }
  }, 300_000);
});
