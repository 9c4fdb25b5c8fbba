// Boots the real guest (public/guest) in v86 under Node and drives containers through the agent.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RootfsTree } from "../../worker/rootfs/tree.ts";
import type { AgentClient } from "../../worker/vm/agent-client.ts";
import { GuestVm, type GuestBoot } from "../../worker/vm/guest-vm.ts";
import { busyboxRootfs, guestImageAvailable, guestVmInputs, runContainer } from "./guest-fixture.ts";

const ROOTFS = "images/busybox-test/rootfs";
const figures: Record<string, string> = {};

describe.skipIf(!guestImageAvailable)("guest VM (real emulator)", () => {
  let vm: GuestVm;
  let boot: GuestBoot;
  let agent: AgentClient;
  let snapshot: ArrayBuffer;
  let rootfs: RootfsTree;

  beforeAll(async () => {
    vm = new GuestVm(await guestVmInputs());
    try {
      boot = await vm.boot();
    } catch (error) {
      console.error(vm.serialLog());
      throw error;
    }
    agent = boot.agent;
    figures["cold boot to READY"] = `${boot.report.milliseconds} ms`;

    const saveStarted = performance.now();
    snapshot = await vm.saveSnapshot();
    figures["snapshot save"] = `${Math.round(performance.now() - saveStarted)} ms`;
    figures["snapshot size"] = `${(snapshot.byteLength / 1024 / 1024).toFixed(1)} MiB`;

    rootfs = busyboxRootfs();
    const writeStarted = performance.now();
    await boot.files.writeTree(ROOTFS, rootfs);
    figures["busybox rootfs write"] = `${Math.round(performance.now() - writeStarted)} ms (${rootfs.size} entries)`;
  }, 300_000);

  afterAll(async () => {
    await vm?.dispose();
    console.log(Object.entries(figures).map(([name, value]) => `${name}: ${value}`).join("\n"));
  });

  it("cold boots to READY", () => {
    expect(boot.report.path).toBe("cold-boot");
  });

  it("answers PING", async () => {
    await agent.ping();
  });

  it("reports INFO", async () => {
    const info = await agent.info();
    expect(info.kernelRelease).toMatch(/^\d+\.\d+/);
    expect(info.memTotalBytes).toBeGreaterThan(16 * 1024 * 1024);
    expect(info.cpus).toBeGreaterThanOrEqual(1);
    expect(info.runtimeName).toBe("crun");
    expect(info.cgroupVersion).toBe("2");
  });

  it("runs a busybox container that prints hello", async () => {
    const run = await runContainer(agent, ROOTFS, { args: ["echo", "hello"] });
    expect(run).toMatchObject({ stdout: "hello\n", stderr: "", exitCode: 0 });
    expect([...run.eofs].sort()).toEqual([1, 2]);
  }, 60_000);

  it("makes the container's command PID 1", async () => {
    const run = await runContainer(agent, ROOTFS, { args: ["cat", "/proc/1/cmdline"] });
    expect(run.stdout).toBe("cat\0/proc/1/cmdline\0");
  }, 60_000);

  it("sets the hostname from config.json", async () => {
    const id = "5eedcafe0123456789abcdef";
    const run = await runContainer(agent, ROOTFS, { args: ["hostname"], id });
    expect(run.stdout.trim()).toBe(id.slice(0, 12));
  }, 60_000);

  it("reports the exit code", async () => {
    const run = await runContainer(agent, ROOTFS, { args: ["sh", "-c", "exit 3"] });
    expect(run.exitCode).toBe(3);
  }, 60_000);

  it("passes stdin through", async () => {
    const run = await runContainer(agent, ROOTFS, { args: ["wc", "-c"], input: "x".repeat(100_000) });
    expect(run.stdout.trim()).toBe("100000");
  }, 60_000);

  it("streams large output intact", async () => {
    const run = await runContainer(agent, ROOTFS, { args: ["seq", "1", "50000"] });
    const lines = run.stdout.split("\n");
    expect(run.stdout.length).toBe(288_894);
    expect(lines[0]).toBe("1");
    expect(lines[49_999]).toBe("50000");
  }, 60_000);

  it("runs an interactive shell on a tty", async () => {
    const run = await runContainer(agent, ROOTFS, { args: ["sh"], tty: true, input: "echo $((6*7))\nexit\n" });
    expect(run.stdout).toContain("42");
    expect(run.exitCode).toBe(0);
  }, 60_000);

  it("fails CREATE with the agent's message for a missing rootfs", async () => {
    await expect(
      runContainer(agent, "images/does-not-exist/rootfs", { args: ["true"] }),
    ).rejects.toThrow(/CREATE: ./);
  }, 60_000);

  it("creates, starts and finishes `true` quickly", async () => {
    await runContainer(agent, ROOTFS, { args: ["true"] });
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const run = await runContainer(agent, ROOTFS, { args: ["true"] });
      samples.push(performance.now() - started);
      expect(run.exitCode).toBe(0);
    }
    figures["create+start+exit+delete of `true`"] = samples.map((ms) => `${Math.round(ms)} ms`).join(", ");
  }, 120_000);

  it("restores the snapshot into a new emulator where containers still run", async () => {
    await vm.dispose();
    const restoredVm = new GuestVm(await guestVmInputs());
    try {
      const restored = await restoredVm.boot({ snapshot });
      expect(restored.report.path).toBe("snapshot-restore");
      figures["snapshot restore to SYNC ok"] = `${restored.report.milliseconds} ms`;
      await restored.files.writeTree(ROOTFS, rootfs);
      const run = await runContainer(restored.agent, ROOTFS, { args: ["echo", "restored"] });
      expect(run).toMatchObject({ stdout: "restored\n", exitCode: 0 });
      // The snapshot was taken earlier in this file; SYNC must have moved the guest clock to now.
      const clock = await runContainer(restored.agent, ROOTFS, { args: ["date", "+%s"] });
      expect(Math.abs(Number(clock.stdout.trim()) - Date.now() / 1000)).toBeLessThan(5);
    } finally {
      await restoredVm.dispose();
    }
  }, 300_000);

  it("falls back to a cold boot when the snapshot is unusable", async () => {
    const fallbackVm = new GuestVm(await guestVmInputs());
    const messages: string[] = [];
    try {
      const booted = await fallbackVm.boot({
        snapshot: new Uint8Array(1024).buffer,
        onProgress: (progress) => messages.push(progress.message),
      });
      expect(booted.report.path).toBe("cold-boot");
      expect(messages.some((message) => message.startsWith("Snapshot restore failed"))).toBe(true);
      await booted.agent.ping();
    } finally {
      await fallbackVm.dispose();
    }
  }, 300_000);
});
