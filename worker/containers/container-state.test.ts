import { describe, expect, it } from "vitest";
import { createdState, ZERO_TIME } from "./container-record.ts";
import * as State from "./container-state.ts";

const t0 = Date.UTC(2026, 11, 7, 12, 0, 0);

describe("container state machine", () => {
  it("starts, pauses, unpauses and exits with Docker's flags", () => {
    const running = State.started(createdState(), 42, t0);
    expect(running).toMatchObject({ Status: "running", Running: true, Paused: false, Pid: 42, StartedAt: "2026-12-07T12:00:00.000000000Z", FinishedAt: ZERO_TIME });
    const paused = State.paused(running);
    expect(paused).toMatchObject({ Status: "paused", Running: true, Paused: true });
    expect(State.isActive(paused)).toBe(true);
    const exited = State.exited(State.unpaused(paused), { exitCode: 137, oomKilled: true }, t0 + 1500);
    expect(exited).toMatchObject({ Status: "exited", Running: false, Paused: false, OOMKilled: true, Pid: 0, ExitCode: 137, FinishedAt: "2026-12-07T12:00:01.500000000Z" });
    expect(State.isActive(exited)).toBe(false);
    expect(running.Status).toBe("running");
  });

  it("shows a restarting container as running and restarting, as Docker does", () => {
    const restarting = State.restarting(State.exited(State.started(createdState(), 1, t0), { exitCode: 1, oomKilled: false }, t0));
    expect(restarting).toMatchObject({ Status: "restarting", Running: true, Restarting: true, ExitCode: 1 });
    expect(State.isActive(restarting)).toBe(false);
  });

  it("marks a container dead with the reason, finished now if it was running", () => {
    const dead = State.dead(State.started(createdState(), 7, t0), "disk d: chunk 3 fails its checksum", t0 + 2000);
    expect(dead).toMatchObject({ Status: "dead", Dead: true, Running: false, Pid: 0, Error: "disk d: chunk 3 fails its checksum", FinishedAt: "2026-12-07T12:00:02.000000000Z" });
    const stopped = State.exited(State.started(createdState(), 7, t0), { exitCode: 0, oomKilled: false }, t0 + 1000);
    expect(State.dead(stopped, "corrupted", t0 + 5000)).toMatchObject({ Status: "dead", Dead: true, ExitCode: 0, FinishedAt: stopped.FinishedAt });
    expect(State.isActive(dead)).toBe(false);
  });

  it("clears OOMKilled and the error on the next start", () => {
    const failed = State.exited(State.started(createdState(), 1, t0), { exitCode: 255, oomKilled: true, error: "guest lost" }, t0);
    expect(failed.Error).toBe("guest lost");
    expect(State.started(failed, 2, t0)).toMatchObject({ OOMKilled: false, Error: "", ExitCode: 0 });
  });

  it.each<[string, Parameters<typeof State.shouldRestart>[0], boolean]>([
    ["no policy", { policy: undefined, exitCode: 1, restartCount: 0, manuallyStopped: false }, false],
    ["no", { policy: { Name: "no" }, exitCode: 1, restartCount: 0, manuallyStopped: false }, false],
    ["always after success", { policy: { Name: "always" }, exitCode: 0, restartCount: 5, manuallyStopped: false }, true],
    ["always after a manual stop", { policy: { Name: "always" }, exitCode: 143, restartCount: 0, manuallyStopped: true }, false],
    ["unless-stopped", { policy: { Name: "unless-stopped" }, exitCode: 0, restartCount: 0, manuallyStopped: false }, true],
    ["on-failure after success", { policy: { Name: "on-failure" }, exitCode: 0, restartCount: 0, manuallyStopped: false }, false],
    ["on-failure after failure", { policy: { Name: "on-failure" }, exitCode: 2, restartCount: 9, manuallyStopped: false }, true],
    ["on-failure:3 below the limit", { policy: { Name: "on-failure", MaximumRetryCount: 3 }, exitCode: 1, restartCount: 2, manuallyStopped: false }, true],
    ["on-failure:3 at the limit", { policy: { Name: "on-failure", MaximumRetryCount: 3 }, exitCode: 1, restartCount: 3, manuallyStopped: false }, false],
  ])("restart policy: %s", (_name, context, expected) => {
    expect(State.shouldRestart(context)).toBe(expected);
  });

  it("backs off from 100 ms doubling to a minute, and resets after a run of 10 s", () => {
    const delays: number[] = [];
    let delay = 0;
    for (let i = 0; i < 12; i++) delays.push((delay = State.restartDelay(delay, 50)));
    expect(delays.slice(0, 5)).toEqual([100, 200, 400, 800, 1600]);
    expect(delays.at(-1)).toBe(60_000);
    expect(State.restartDelay(60_000, 10_000)).toBe(100);
  });

  it("validates restart policies with Docker's messages", () => {
    expect(() => State.validateRestartPolicy({ Name: "sometimes" as "always" }, false)).toThrow("invalid restart policy 'sometimes'");
    expect(() => State.validateRestartPolicy({ Name: "always", MaximumRetryCount: 2 }, false)).toThrow("maximum retry count can only be used with 'on-failure'");
    expect(() => State.validateRestartPolicy({ Name: "always" }, true)).toThrow("can't create 'AutoRemove' container with restart policy");
    expect(() => State.validateRestartPolicy({ Name: "on-failure", MaximumRetryCount: 3 }, false)).not.toThrow();
    expect(() => State.validateRestartPolicy({ Name: "no" }, true)).not.toThrow();
  });
});
