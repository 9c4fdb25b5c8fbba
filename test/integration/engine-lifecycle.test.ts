// The engine under Node with the real guest: the container lifecycle, exec, logs, limits, restart
// policies, events, persistence across an engine restart, and recovery from a guest kernel panic.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../src/api/engine-api.ts";
import type { EventMessage } from "../../src/api/event-types.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { guestImageAvailable } from "./guest-fixture.ts";
import { CollectedOutput, eventually, execToExit, nodeTestEngine, runToExit } from "./node-engine.ts";

const sh = (script: string) => ({ Image: "busybox", Cmd: ["sh", "-c", script] });

describe.skipIf(!guestImageAvailable)("engine lifecycle (real guest under Node)", () => {
  let state: string;
  let engine: EngineApi;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), "berth-engine-"));
    engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
  }, 120_000);

  const directories: string[] = [];
  afterAll(() => {
    for (const directory of [...directories, state]) if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("runs a detached container, execs beside it, keeps its logs, stops and starts it again", async () => {
    const { Id: id } = await engine.containerCreate({ name: "web", body: sh("echo started; echo oops >&2; echo data > /kept; sleep 1000") });
    await engine.containerStart({ id });
    const listed = await engine.containerList({});
    expect(listed.map((c) => [c.Names[0], c.State])).toContainEqual(["/web", "running"]);

    const ps = await execToExit(engine, "web", ["ps"]);
    expect(ps.exitCode).toBe(0);
    expect(ps.stdout).toMatch(/sleep 1000/);
    expect(ps.stdout).toMatch(/\bps\b/);
    expect((await execToExit(engine, "web", ["sh", "-c", "exit 7"])).exitCode).toBe(7);

    const logs = new CollectedOutput();
    await eventually(async () => {
      logs.chunks.length = 0;
      await (await engine.containerLogs({ id: "web", stdout: true, stderr: true }, logs)).done();
      return logs.text(1) === "started\n" && logs.text(2) === "oops\n";
    }, "the container's log");

    const stopping = Date.now();
    await engine.containerStop({ id: "web", t: 2 });
    expect(Date.now() - stopping).toBeLessThan(8000);
    const stopped = await engine.containerInspect({ id: "web" });
    expect(stopped.State).toMatchObject({ Status: "exited", Running: false });
    expect([137, 143]).toContain(stopped.State.ExitCode);

    await engine.containerStart({ id: "web" });
    const kept = await execToExit(engine, "web", ["cat", "/kept"]);
    expect(kept.stdout).toBe("data\n");
    await engine.containerDelete({ id: "web", force: true });
    await expect(engine.containerInspect({ id: "web" })).rejects.toThrow("No such container: web");
  }, 120_000);

  it("reports Docker's exit codes: the command's, 126, 127 and 128+signal (--init forwarding included)", async () => {
    expect((await runToExit(engine, sh("exit 3"))).exitCode).toBe(3);
    // The init of a pid namespace ignores signals from inside it, so --init puts docker-init first.
    expect((await runToExit(engine, { ...sh("kill -TERM $$; sleep 5"), HostConfig: { Init: true } })).exitCode).toBe(143);
    const { Id: killed } = await engine.containerCreate({ body: { Image: "busybox", Cmd: ["sleep", "1000"] } });
    await engine.containerStart({ id: killed });
    const exit = engine.containerWait({ id: killed });
    await engine.containerKill({ id: killed });
    expect((await exit).StatusCode).toBe(137);
    await expect(runToExit(engine, { Image: "busybox", Cmd: ["no-such-command"] })).rejects.toThrow(/executable file .*not found/);
    await expect(runToExit(engine, { Image: "busybox", Cmd: ["/etc/passwd"] })).rejects.toThrow(/permission denied/i);
  }, 120_000);

  it("pauses and unpauses, with top and stats", async () => {
    const { Id: id } = await engine.containerCreate({ body: { ...sh("while true; do echo x >> /tmp/n; sleep 0.1; done"), HostConfig: { Memory: 64 * 1024 * 1024, PidsLimit: 50 } } });
    await engine.containerStart({ id });
    const top = await engine.containerTop({ id });
    expect(top.Titles).toEqual(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]);
    expect(top.Processes.some((row) => row[7].includes("while true"))).toBe(true);

    const samples: number[] = [];
    await (await engine.containerStats({ id, stream: false, "one-shot": true }, { report: (message) => samples.push(message.memory_stats.limit ?? 0, message.pids_stats.limit ?? 0) })).done();
    expect(samples).toEqual([64 * 1024 * 1024, 50]);

    await engine.containerPause({ id });
    expect((await engine.containerInspect({ id })).State).toMatchObject({ Status: "paused", Paused: true, Running: true });
    const lines = async () => (await execToExit(engine, id, ["wc", "-l", "/tmp/n"]).catch(() => ({ stdout: "" }))).stdout;
    await expect(engine.containerExec({ id, body: { Cmd: ["true"] } })).rejects.toThrow(/paused/);
    await engine.containerUnpause({ id });
    const before = await lines();
    await eventually(async () => (await lines()) !== before, "the loop to go on after unpause");
    await engine.containerDelete({ id, force: true });
  }, 120_000);

  it("marks a container killed by its memory limit OOMKilled with 137, and the engine lives on", async () => {
    const result = await runToExit(engine, { ...sh("x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x=$x$x; done"), HostConfig: { Memory: 8 * 1024 * 1024 } });
    expect(result.exitCode).toBe(137);
    expect((await engine.containerInspect({ id: result.id })).State).toMatchObject({ OOMKilled: true, ExitCode: 137 });
    expect((await runToExit(engine, sh("echo alive"))).stdout).toBe("alive\n");
  }, 120_000);

  it("contains a fork bomb under --pids-limit", async () => {
    const { Id: id } = await engine.containerCreate({ body: { ...sh("bomb() { bomb | bomb & }; bomb; sleep 1000"), HostConfig: { PidsLimit: 20 } } });
    await engine.containerStart({ id });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await runToExit(engine, sh("echo still here"))).stdout).toBe("still here\n");
    await engine.containerDelete({ id, force: true });
  }, 120_000);

  it("restarts a failing container by its on-failure policy, up to its limit", async () => {
    const { Id: id } = await engine.containerCreate({ body: { ...sh("echo try; exit 4"), HostConfig: { RestartPolicy: { Name: "on-failure", MaximumRetryCount: 2 } } } });
    await engine.containerStart({ id });
    const final = await eventually(async () => {
      const inspect = await engine.containerInspect({ id });
      return inspect.RestartCount === 2 && inspect.State.Status === "exited" && inspect;
    }, "two restarts");
    expect(final.State.ExitCode).toBe(4);
    const logs = new CollectedOutput();
    await (await engine.containerLogs({ id, stdout: true }, logs)).done();
    expect(logs.text()).toBe("try\ntry\ntry\n");
  }, 120_000);

  it("runs 8 containers at once, each with its own hostname, pids and files", async () => {
    const ids = await Promise.all(
      Array.from({ length: 8 }, async (_, n) => {
        const { Id } = await engine.containerCreate({ name: `iso${n}`, body: sh(`echo ${n} > /mine; sleep 1000`) });
        await engine.containerStart({ id: Id });
        return Id;
      }),
    );
    const seen = await Promise.all(ids.map((id) => execToExit(engine, id, ["sh", "-c", "hostname; ls /mine* ; cat /mine; ps -o pid | wc -l"])));
    seen.forEach((result, n) => {
      const [hostname, files, content] = result.stdout.split("\n");
      expect(hostname).toBe(ids[n].slice(0, 12));
      expect(files).toBe("/mine");
      expect(content).toBe(String(n));
    });
    await Promise.all(ids.map((id) => engine.containerDelete({ id, force: true })));
  }, 240_000);

  it("copies files out of and into a container as tar archives", async () => {
    const { Id: id } = await engine.containerCreate({ body: sh("mkdir -p /data/sub; echo hello > /data/sub/a.txt; sleep 1000") });
    await engine.containerStart({ id });
    await eventually(async () => (await execToExit(engine, id, ["cat", "/data/sub/a.txt"])).stdout === "hello\n", "the file");
    const out = await engine.containerArchive({ id, path: "/data" });
    expect(out.stat.name).toBe("data");
    expect(out.stat.mode >= 2 ** 31).toBe(true);
    const entries = [...readTar(out.archive)];
    expect(entries.find((entry) => entry.path.replace(/\/$/, "") === "data/sub/a.txt")?.data).toEqual(new TextEncoder().encode("hello\n"));

    await engine.putContainerArchive({ id, path: "/data", body: writeTar([{ path: "in.txt", type: "file", mode: 0o600, data: new TextEncoder().encode("from the host\n") }]) });
    expect((await execToExit(engine, id, ["cat", "/data/in.txt"])).stdout).toBe("from the host\n");
    await expect(engine.containerArchive({ id, path: "/nope" })).rejects.toThrow(/Could not find the file \/nope/);
    await engine.containerDelete({ id, force: true });
  }, 120_000);

  it("reports a container's life as Docker's events, with its attributes, live and again with since", async () => {
    const since = String(Math.floor(Date.now() / 1000));
    const heard: EventMessage[] = [];
    const live = await engine.systemEvents({ filters: { container: ["watched"] } }, { report: (event) => void heard.push(event) });
    const { Id: id } = await engine.containerCreate({ name: "watched", body: { ...sh("sleep 1000"), Labels: { "com.example.team": "events" } } });
    const attached = await engine.containerAttach({ id, stdout: true, stderr: true, stream: true }, new CollectedOutput());
    await engine.containerStart({ id });
    expect((await execToExit(engine, id, ["true"])).exitCode).toBe(0);
    await engine.containerRestart({ id, t: 0 });
    const exit = engine.containerWait({ id });
    await engine.containerKill({ id });
    await exit;
    await attached.done();
    await engine.containerDelete({ id });
    await eventually(async () => heard.some((event) => event.Action === "destroy"), "the destroy event");
    await live.close();

    expect(heard.map((event) => event.Action)).toEqual([
      ...["create", "attach", "start", "exec_create: true ", "exec_start: true ", "exec_die"],
      ...["kill", "kill", "die", "stop", "start", "restart"],
      ...["kill", "die", "destroy"],
    ]);
    const attributes = { name: "watched", image: "busybox", "com.example.team": "events" };
    for (const event of heard) expect(event).toMatchObject({ Type: "container", scope: "local", Actor: { ID: id, Attributes: attributes } });
    const values = (action: string, attribute: string) => heard.filter((event) => event.Action === action).map((event) => event.Actor.Attributes[attribute]);
    expect(values("exec_die", "exitCode")).toEqual(["0"]);
    expect(values("kill", "signal")).toEqual(["15", "9", "9"]);
    expect(values("die", "exitCode")).toEqual(["137", "137"]);
    expect(heard.every((event, n) => n === 0 || event.timeNano >= heard[n - 1].timeNano)).toBe(true);

    const replayed: string[] = [];
    const past = await engine.systemEvents({ since, until: String(Date.now() / 1000), filters: { container: [id], event: ["start", "die"] } }, { report: (event) => void replayed.push(event.Action) });
    await past.done();
    expect(replayed).toEqual(["start", "die", "start", "die"]);
  }, 120_000);

  it("reports an image's tag and untag, naming the image by id as Docker does", async () => {
    const heard: EventMessage[] = [];
    const live = await engine.systemEvents({ filters: { type: ["image"] } }, { report: (event) => void heard.push(event) });
    await engine.imageTag({ name: "busybox", repo: "watched", tag: "v1" });
    await engine.imageDelete({ name: "watched:v1" });
    await live.close();
    const { Id: busybox } = await engine.imageInspect({ name: "busybox" });
    expect(heard.map((event) => [event.Action, event.Actor.ID, event.Actor.Attributes.name])).toEqual([
      ["tag", busybox, "watched:v1"],
      ["untag", busybox, busybox],
    ]);
  });

  it("keeps stopped containers and their logs across an engine restart, and reports running ones honestly", async () => {
    const stopped = await runToExit(engine, sh("echo persisted"), "was-stopped");
    const { Id: runningId } = await engine.containerCreate({ name: "was-running", body: sh("sleep 1000") });
    await engine.containerStart({ id: runningId });
    const { Id: alwaysId } = await engine.containerCreate({ name: "always", body: { ...sh("sleep 1000"), HostConfig: { RestartPolicy: { Name: "always" } } } });
    await engine.containerStart({ id: alwaysId });

    // A daemon restart sees the state directory as the stopped daemon left it: a copy, taken once
    // the records say what the test expects (the old engine goes on in its own directory).
    await eventually(async () => {
      const records = readdirSync(join(state, "containers")).filter((name) => name.endsWith(".json")).map((name) => JSON.parse(readFileSync(join(state, "containers", name), "utf8")) as { name: string; state: { Running: boolean } });
      return ["was-running", "always"].every((name) => records.some((record) => record.name === name && record.state.Running));
    }, "the records of the running containers");
    const copy = mkdtempSync(join(tmpdir(), "berth-engine-restarted-"));
    // cp keeps the containers' sparse disk images sparse (8 GiB each, mostly holes).
    execFileSync("cp", ["-a", "--sparse=always", `${state}/.`, copy]);
    directories.push(state);
    state = copy;
    const restarted = nodeTestEngine(state);
    await (await restarted.engineStart({}, { report: () => undefined })).done();
    const logs = new CollectedOutput();
    await (await restarted.containerLogs({ id: "was-stopped", stdout: true }, logs)).done();
    expect(logs.text()).toBe("persisted\n");
    expect((await restarted.containerInspect({ id: stopped.id })).State).toMatchObject({ Status: "exited", ExitCode: 0 });
    const lost = await restarted.containerInspect({ id: "was-running" });
    expect(lost.State).toMatchObject({ Status: "exited", ExitCode: 255 });
    expect(lost.State.Error).toMatch(/engine stopped while the container was running/);
    await eventually(async () => (await restarted.containerInspect({ id: "always" })).State.Running, "the always container to start again");
    engine = restarted;
  }, 180_000);

  it("recovers from a guest kernel panic: containers are marked exited with the reason, and new ones run", async () => {
    const { Id: id } = await engine.containerCreate({ name: "victim", body: sh("sleep 1000") });
    await engine.containerStart({ id });
    await engine.engineGuestPanic({});
    const victim = await eventually(async () => {
      const inspect = await engine.containerInspect({ id });
      return inspect.State.Status === "exited" && inspect;
    }, "the victim to be marked exited", 90_000);
    expect(victim.State.Error).toMatch(/guest VM stopped/);
    expect((await runToExit(engine, sh("echo after the panic"))).stdout).toBe("after the panic\n");
  }, 180_000);
});
