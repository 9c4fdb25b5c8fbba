// Boots the real guest (public/guest) in v86 under Node and drives containers through the agent.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { readTar, type TarEntry } from "../../src/tar/tar-reader.ts";
import type { RootfsTree } from "../../worker/rootfs/tree.ts";
import { AgentError, type AgentClient, type AgentExit } from "../../worker/vm/agent-client.ts";
import { GuestCrashError, GuestVm, type GuestBoot } from "../../worker/vm/guest-vm.ts";
import {
  OutputCollector,
  busyboxRootfs,
  execToEnd,
  guestImageAvailable,
  guestVmInputs,
  newContainerId,
  newProcessId,
  nextExit,
  ociConfig,
  ociProcess,
  runContainer,
} from "./guest-fixture.ts";

const ROOTFS = "images/busybox-test/rootfs";
const figures: Record<string, string> = {};
const MiB = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (started: number) => Math.round(performance.now() - started);

/** A running test container: its init's output, its EXIT, and clean-up. */
interface Running {
  id: string;
  pid: number;
  output: OutputCollector;
  exited: Promise<AgentExit>;
}

async function startContainer(
  agent: AgentClient,
  args: string[],
  options: { memoryLimit?: number; pidsLimit?: number; extraMounts?: Parameters<typeof ociConfig>[0]["extraMounts"] } = {},
): Promise<Running> {
  const id = newContainerId();
  const configJson = ociConfig({ args, hostname: id.slice(0, 12), cgroup: `/berth/${id}`, ...options });
  await agent.create({ id, rootfs: ROOTFS, configJson });
  const output = new OutputCollector(agent);
  const exited = nextExit(agent, id);
  const pid = await agent.start({ id, handle: output.handle, tty: false, stdinOpen: false });
  return { id, pid, output, exited };
}

/** COPY_OUT to the end: the path's stat, the tar bytes and the helper's EXIT. */
async function copyOut(agent: AgentClient, id: string, path: string) {
  const processId = newProcessId("copy");
  const output = new OutputCollector(agent);
  const exited = nextExit(agent, id, processId);
  try {
    const stat = await agent.copyOut({ id, processId, handle: output.handle, path });
    const exit = await exited;
    return { stat, tar: output.stdoutBytes(), stderr: output.stderr, exit };
  } finally {
    output.detach();
  }
}

const text = (data: Uint8Array) => new TextDecoder().decode(data);

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
    const started = performance.now();
    const info = await agent.info();
    figures["first INFO (one `crun --version` run)"] = `${ms(started)} ms`;
    expect(info.kernelRelease).toMatch(/^\d+\.\d+/);
    expect(info.memTotalBytes).toBeGreaterThan(16 * 1024 * 1024);
    expect(info.cpus).toBeGreaterThanOrEqual(1);
    expect(info.runtimeName).toBe("crun");
    expect(info.cgroupVersion).toBe("2");
  });

  it("boots with the guest image's 512 MiB, which a container sees in /proc/meminfo", async () => {
    expect(boot.report.memoryMiB).toBe(512);
    const run = await runContainer(agent, ROOTFS, { args: ["free", "-m"] });
    const totalMiB = Number(/Mem:\s+(\d+)/.exec(run.stdout)?.[1]);
    figures["memory a container sees (free -m total)"] = `${totalMiB} MiB`;
    expect(totalMiB).toBeGreaterThanOrEqual(480);
    expect(totalMiB).toBeLessThanOrEqual(512);
  }, 60_000);

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

  it("START after an exit runs the container again and keeps its file changes", async () => {
    const id = newContainerId();
    const script = "cat /data.txt 2>/dev/null; echo run-$$ >> /data.txt; echo done";
    await agent.create({ id, rootfs: ROOTFS, configJson: ociConfig({ args: ["sh", "-c", script], hostname: "again", cgroup: `/berth/${id}` }) });
    const runs: string[] = [];
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const output = new OutputCollector(agent);
      const exited = nextExit(agent, id);
      const started = performance.now();
      await agent.start({ id, handle: output.handle, tty: false, stdinOpen: false });
      samples.push(ms(started));
      expect((await exited).exitCode).toBe(0);
      output.detach();
      runs.push(output.stdout);
    }
    await agent.delete(id);
    // every run is PID 1 of a new pid namespace, so `$$` is 1 each time
    expect(runs).toEqual(["done\n", "run-1\ndone\n", "run-1\nrun-1\ndone\n"]);
    figures["START right after the previous EXIT"] = samples.slice(1).map((v) => `${v} ms`).join(", ");
    figures["START of a created container"] = `${samples[0]} ms`;
  }, 120_000);

  it("EXEC runs beside the init with its own stdout, stderr, exit code, stdin and tty", async () => {
    const box = await startContainer(agent, ["sleep", "1000"]);
    try {
      const plain = await execToEnd(agent, box.id, ["sh", "-c", "echo out; echo err >&2; exit 5"]);
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        expect((await execToEnd(agent, box.id, ["true"])).exit.exitCode).toBe(0);
        samples.push(ms(started));
      }
      figures["EXEC of `true` to its EXIT"] = samples.map((v) => `${v} ms`).join(", ");
      expect(plain.stdout).toBe("out\n");
      expect(plain.stderr).toBe("err\n");
      expect(plain.exit).toMatchObject({ exitCode: 5, processId: expect.stringMatching(/^exec-/), oomKilled: false });
      expect([...plain.eofs].sort()).toEqual([1, 2]);

      const stdin = await execToEnd(agent, box.id, ["wc", "-c"], { input: "y".repeat(5000) });
      expect(stdin.stdout.trim()).toBe("5000");
      expect(stdin.exit.exitCode).toBe(0);

      // the exec shares the init's namespaces: it sees `sleep 1000` as PID 1
      const ps = await execToEnd(agent, box.id, ["cat", "/proc/1/cmdline"]);
      expect(ps.stdout).toBe("sleep\u00001000\u0000");

      // a tty exec: resize it, then ask its shell for the size
      const processId = "tty-exec";
      const output = new OutputCollector(agent);
      const exited = nextExit(agent, box.id, processId);
      const execStarted = performance.now();
      const pid = await agent.exec({
        id: box.id,
        processId,
        handle: output.handle,
        processJson: JSON.stringify(ociProcess({ args: ["sh"], tty: true })),
        tty: true,
        stdinOpen: true,
      });
      figures["EXEC request (tty) to pid"] = `${ms(execStarted)} ms`;
      expect(pid).toBeGreaterThan(1);
      await agent.resize(box.id, 101, 33, processId);
      await agent.writeStdin(output.handle, new TextEncoder().encode("stty size; tty; exit 7\n"));
      expect((await exited).exitCode).toBe(7);
      output.detach();
      expect(output.stdout).toContain("33 101");
      expect(output.stdout).toMatch(/\/dev\/pts\/\d+/);
      await expect(agent.resize(box.id, 80, 24)).rejects.toThrow(/has no tty/);
    } finally {
      await agent.delete(box.id);
    }
    expect((await box.exited).exitCode).toBe(137);
  }, 120_000);

  it("SIGNAL reaches an exec process, and EXEC fails once the init is gone", async () => {
    const box = await startContainer(agent, ["sleep", "1000"]);
    const processId = "sleeper";
    const output = new OutputCollector(agent);
    const exited = nextExit(agent, box.id, processId);
    await agent.exec({
      id: box.id,
      processId,
      handle: output.handle,
      processJson: JSON.stringify(ociProcess({ args: ["sleep", "999"] })),
      tty: false,
      stdinOpen: false,
    });
    await expect(agent.signal(box.id, 15, "no-such-process")).rejects.toThrow(/not running/);
    await agent.signal(box.id, 15, processId);
    expect(await exited).toEqual({ containerId: box.id, processId, exitCode: 143, oomKilled: false });
    output.detach();
    // the init is untouched
    const top = await agent.top(box.id);
    expect(top.processes.map((process) => process.pid)).toContain(box.pid);

    await agent.signal(box.id, 9);
    expect((await box.exited).exitCode).toBe(137);
    await expect(
      agent.exec({ id: box.id, processId: "late", handle: 999_999, processJson: "{}", tty: false, stdinOpen: false }),
    ).rejects.toThrow(/not running/);
    await agent.delete(box.id);
  }, 120_000);

  it("PAUSE stops the container's progress and RESUME continues it", async () => {
    const box = await startContainer(agent, ["sh", "-c", "i=0; while true; do i=$((i+1)); echo $i; usleep 50000; done"]);
    const last = () => Number(box.output.stdout.trim().split("\n").pop());
    try {
      await box.output.until(() => last() >= 3);
      let started = performance.now();
      await agent.pause(box.id);
      figures["PAUSE"] = `${ms(started)} ms`;
      await sleep(500); // output written before the freeze drains
      const frozenAt = last();
      await sleep(2000);
      expect(last()).toBe(frozenAt);
      const stats = await agent.stats(box.id);
      expect(stats.pidsCurrent).toBeGreaterThanOrEqual(1);
      started = performance.now();
      await agent.resume(box.id);
      figures["RESUME"] = `${ms(started)} ms`;
      await box.output.until(() => last() >= frozenAt + 3);
    } finally {
      await agent.delete(box.id);
    }
  }, 120_000);

  it("STATS reports the cgroup's counters and limits", async () => {
    const box = await startContainer(agent, ["sh", "-c", "echo ready; exec sleep 1000"], { memoryLimit: 64 * MiB, pidsLimit: 50 });
    try {
      await box.output.until((output) => output.stdout.includes("ready"));
      const stats = await agent.stats(box.id);
      expect(stats.memoryLimit).toBe(64 * MiB);
      expect(stats.pidsLimit).toBe(50);
      expect(stats.memoryCurrent).toBeGreaterThan(0);
      expect(stats.memoryCurrent).toBeLessThan(64 * MiB);
      expect(stats.pidsCurrent).toBe(1);
      expect(stats.cpuUsageMicros).toBeGreaterThan(0);
      expect(stats.inactiveFile).toBeGreaterThanOrEqual(0);
      expect(stats.oomKills).toBe(0);

      const unlimited = await startContainer(agent, ["sleep", "1000"]);
      try {
        expect(await agent.stats(unlimited.id)).toMatchObject({ memoryLimit: 0, pidsLimit: 0 });
      } finally {
        await agent.delete(unlimited.id);
      }
    } finally {
      await agent.delete(box.id);
    }
  }, 120_000);

  it("reports an OOM kill: exit 137 with oomKilled", async () => {
    const box = await startContainer(agent, ["sh", "-c", "x=0123456789abcdef; while true; do x=$x$x; done"], { memoryLimit: 8 * MiB });
    const exit = await box.exited;
    await expect(agent.stats(box.id)).rejects.toThrow(/not running/);
    await agent.delete(box.id);
    expect(exit).toMatchObject({ exitCode: 137, oomKilled: true, processId: "" });
  }, 120_000);

  it("TOP lists the init and an exec process", async () => {
    const box = await startContainer(agent, ["sleep", "1000"]);
    const processId = "top-exec";
    const output = new OutputCollector(agent);
    try {
      const execPid = await agent.exec({
        id: box.id,
        processId,
        handle: output.handle,
        processJson: JSON.stringify(ociProcess({ args: ["sleep", "999"] })),
        tty: false,
        stdinOpen: false,
      });
      // crun writes the pid file before its child has exec'd the command, so the first look may still
      // show crun's own arguments for that pid.
      let top = await agent.top(box.id);
      for (let attempt = 0; attempt < 50 && top.processes.find((process) => process.pid === execPid)?.command !== "sleep 999"; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        top = await agent.top(box.id);
      }
      expect(top.clockTicks).toBe(100);
      expect(top.bootTime).toBeGreaterThan(1_000_000_000);
      const byPid = new Map(top.processes.map((process) => [process.pid, process]));
      expect(byPid.get(box.pid)).toMatchObject({ command: "sleep 1000", uid: 0, state: "S" });
      expect(byPid.get(execPid)).toMatchObject({ command: "sleep 999", uid: 0 });
      expect(top.processes.length).toBe(2);
      for (const process of top.processes) expect(process.startTicks).toBeGreaterThan(0);
    } finally {
      await agent.delete(box.id);
      output.detach();
    }
  }, 120_000);

  it("COPY_OUT streams a file, a directory and a symlink as tar, resolving paths inside the container", async () => {
    const id = newContainerId();
    const script = "mkdir -p /data/sub && echo hello > /data/sub/f.txt && chmod 640 /data/sub/f.txt && ln -s / /rootlink && echo container > /etc/marker";
    await agent.create({ id, rootfs: ROOTFS, configJson: ociConfig({ args: ["sh", "-c", script], hostname: "copy", cgroup: `/berth/${id}` }) });
    try {
      // a created container: the image's files
      const group = await copyOut(agent, id, "/etc/group");
      expect(group.stat).toMatchObject({ name: "group", linkTarget: "" });
      const [groupEntry] = [...readTar(group.tar)];
      expect(text(groupEntry!.data)).toBe(text(rootfs.get("etc/group")!.data!));

      const output = new OutputCollector(agent);
      const exited = nextExit(agent, id);
      await agent.start({ id, handle: output.handle, tty: false, stdinOpen: false });
      expect((await exited).exitCode).toBe(0);
      output.detach();

      // an exited container: its changes
      const started = performance.now();
      const file = await copyOut(agent, id, "/data/sub/f.txt");
      figures["COPY_OUT of a small file to EXIT"] = `${ms(started)} ms`;
      expect(file.stat).toMatchObject({ name: "f.txt", size: 6, mode: S_IFREG | 0o640, linkTarget: "" });
      expect(Math.abs(file.stat.mtime - Date.now() / 1000)).toBeLessThan(24 * 3600);
      expect(file.exit).toMatchObject({ exitCode: 0, oomKilled: false });
      const fileEntries = [...readTar(file.tar)];
      expect(fileEntries.map((entry) => [entry.path, entry.type, entry.mode])).toEqual([["f.txt", "file", 0o640]]);
      expect(text(fileEntries[0]!.data)).toBe("hello\n");

      const dir = await copyOut(agent, id, "/data/");
      expect(dir.stat.name).toBe("data");
      expect(dir.stat.mode & S_IFMT).toBe(0o040000);
      const dirEntries = [...readTar(dir.tar)].map((entry: TarEntry) => [entry.path.replace(/\/$/, ""), entry.type]);
      expect(dirEntries).toEqual([
        ["data", "dir"],
        ["data/sub", "dir"],
        ["data/sub/f.txt", "file"],
      ]);

      const link = await copyOut(agent, id, "/rootlink");
      expect(link.stat).toMatchObject({ name: "rootlink", linkTarget: "/" });
      expect(link.stat.mode & S_IFMT).toBe(S_IFLNK);
      expect([...readTar(link.tar)].map((entry) => [entry.path, entry.type, entry.linkTarget])).toEqual([["rootlink", "symlink", "/"]]);

      // through the symlink to "/": the container's files, not the guest's
      const marker = await copyOut(agent, id, "/rootlink/etc/marker");
      expect(text([...readTar(marker.tar)][0]!.data)).toBe("container\n");
      const passwd = await copyOut(agent, id, "/rootlink/etc/passwd");
      expect(text([...readTar(passwd.tar)][0]!.data)).toBe(text(rootfs.get("etc/passwd")!.data!));
      const guestPasswd = "root:x:0:0:root:/root:/bin/sh\n";
      expect(text(rootfs.get("etc/passwd")!.data!)).not.toBe(guestPasswd);
      await expect(copyOut(agent, id, "/rootlink/init")).rejects.toThrow("no such file or directory: /rootlink/init");
      await expect(copyOut(agent, id, "/../../../../init")).rejects.toThrow(/no such file or directory/);
      await expect(copyOut(agent, id, "/nope")).rejects.toThrow("no such file or directory: /nope");
    } finally {
      await agent.delete(id);
    }
  }, 120_000);

  it("COPY_IN extracts a tar into the container, keeping modes and owners", async () => {
    const box = await startContainer(agent, ["sleep", "1000"]);
    try {
      const archive = writeTar([
        { path: "in/", type: "dir", mode: 0o750 },
        { path: "in/a.txt", type: "file", mode: 0o640, uid: 1234, gid: 55, data: new TextEncoder().encode("copied in\n") },
        { path: "in/link", type: "symlink", linkTarget: "/etc/passwd" },
      ]);
      const processId = "copy-in";
      const output = new OutputCollector(agent);
      const exited = nextExit(agent, box.id, processId);
      const started = performance.now();
      await agent.copyIn({ id: box.id, processId, handle: output.handle, path: "/tmp" });
      await agent.writeStdin(output.handle, archive);
      await agent.closeStdin(output.handle);
      const exit = await exited;
      figures["COPY_IN of a small tar to EXIT"] = `${ms(started)} ms`;
      output.detach();
      expect(output.stderr).toBe("");
      expect(exit.exitCode).toBe(0);

      const seen = await execToEnd(agent, box.id, ["sh", "-c", "cat /tmp/in/a.txt; stat -c '%a %u %g' /tmp/in/a.txt /tmp/in; readlink /tmp/in/link"]);
      expect(seen.stdout).toBe("copied in\n640 1234 55\n750 0 0\n/etc/passwd\n");

      await expect(agent.copyIn({ id: box.id, processId: "x1", handle: 999_998, path: "/no/such/dir" })).rejects.toThrow(
        "no such file or directory: /no/such/dir",
      );
      await expect(agent.copyIn({ id: box.id, processId: "x2", handle: 999_998, path: "/tmp/in/a.txt" })).rejects.toThrow(
        "not a directory: /tmp/in/a.txt",
      );
    } finally {
      await agent.delete(box.id);
    }
  }, 120_000);

  it("DELETE of a running container sends EXIT before it answers", async () => {
    const box = await startContainer(agent, ["sh", "-c", "sleep 1000 & sleep 1000"]);
    const order: string[] = [];
    void box.exited.then(() => order.push("exit"));
    const started = performance.now();
    await agent.delete(box.id);
    figures["DELETE of a running container"] = `${ms(started)} ms`;
    order.push("deleted");
    expect(order).toEqual(["exit", "deleted"]);
    expect((await box.exited).exitCode).toBe(137);
    await expect(agent.stats(box.id)).rejects.toThrow(/no such container/);
  }, 120_000);

  it("runs /sbin/docker-init (--init), which forwards SIGTERM and exits 143", async () => {
    const box = await startContainer(agent, ["/sbin/docker-init", "--", "sh", "-c", "echo up; sleep 100 & exec sleep 1000"], {
      extraMounts: [{ destination: "/sbin/docker-init", type: "bind", source: "/init", options: ["rbind", "ro"] }],
    });
    try {
      await box.output.until((output) => output.stdout.includes("up"));
      // the shell forks and execs after its echo: wait until TOP shows the settled tree
      const expected = ["/sbin/docker-init -- sh -c echo up; sleep 100 & exec sleep 1000", "sleep 100", "sleep 1000"];
      let commands: string[] = [];
      for (let tries = 0; tries < 50 && commands.join("\n") !== expected.join("\n"); tries++) {
        if (tries) await sleep(100);
        commands = (await agent.top(box.id)).processes.map((process) => process.command).sort();
      }
      expect(commands).toEqual(expected);
      await agent.signal(box.id, 15);
      expect(await box.exited).toMatchObject({ exitCode: 143, oomKilled: false });
    } finally {
      await agent.delete(box.id);
    }
  }, 120_000);

  it("rejects requests for unknown containers and bad process ids", async () => {
    await expect(agent.pause("nope")).rejects.toThrow("no such container: nope");
    const box = await startContainer(agent, ["sleep", "1000"]);
    try {
      await expect(
        agent.exec({ id: box.id, processId: "bad/id", handle: 999_997, processJson: "{}", tty: false, stdinOpen: false }),
      ).rejects.toThrow(/invalid process id/);
      await expect(agent.start({ id: box.id, handle: 999_996, tty: false, stdinOpen: false })).rejects.toThrow(/already running/);
      await expect(agent.create({ id: box.id, rootfs: ROOTFS, configJson: "{}" })).rejects.toThrow(/already exists/);
    } finally {
      await agent.delete(box.id);
    }
    expect(AgentError).toBeDefined();
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

describe.skipIf(!guestImageAvailable)("guest VM PANIC (real emulator)", () => {
  it("PANIC makes the guest stop answering PING", async () => {
    const vm = new GuestVm({ ...(await guestVmInputs()), watchdog: false });
    try {
      const { agent } = await vm.boot();
      await agent.ping();
      const crashed = new Promise<GuestCrashError>((resolve) => vm.onCrash(resolve));
      void agent.panic().catch(() => {});
      await expect(agent.ping(5000)).rejects.toThrow();
      const crash = await crashed;
      expect(crash.message).toMatch(/Kernel panic/);
      expect(vm.serialLog()).toContain("Attempted to kill init");
    } finally {
      await vm.dispose();
    }
  }, 300_000);
});
