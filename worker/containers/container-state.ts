// The container state machine, as pure functions over ContainerState:
//   created ─start→ running ⇄ paused (pause/unpause)
//   running|paused ─init exits→ exited, or restarting when the restart policy says so
//   restarting ─back-off elapsed→ running;  restarting ─stop→ exited
//   exited ─start→ running;  any state but running/paused ─remove→ removing → gone (force kills first)
//   any ─its stored layer found corrupted→ dead (never starts again; remove still removes it)
// Each transition returns a new state and never mutates its input.

import { EngineError } from "../../src/api/errors.ts";
import type { ContainerState, RestartPolicy } from "../../src/api/container-types.ts";
import { rfc3339Nano } from "./container-record.ts";

export function started(state: ContainerState, pid: number, now: number): ContainerState {
  return { ...state, Status: "running", Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: pid, ExitCode: 0, Error: "", StartedAt: rfc3339Nano(now) };
}

export function paused(state: ContainerState): ContainerState {
  return { ...state, Status: "paused", Paused: true };
}

export function unpaused(state: ContainerState): ContainerState {
  return { ...state, Status: "running", Paused: false };
}

export interface ExitFacts {
  exitCode: number;
  oomKilled: boolean;
  /** Why the engine ended the container, if it did (guest lost, engine restarted). */
  error?: string;
}

export function exited(state: ContainerState, facts: ExitFacts, now: number): ContainerState {
  return {
    ...state,
    Status: "exited",
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: facts.oomKilled,
    Pid: 0,
    ExitCode: facts.exitCode,
    Error: facts.error ?? "",
    FinishedAt: rfc3339Nano(now),
  };
}

/** The engine gave the container up (its stored writable layer is corrupted): Docker's Dead. */
export function dead(state: ContainerState, reason: string, now: number): ContainerState {
  const wasRunning = state.Running;
  return {
    ...state,
    Status: "dead",
    Running: false,
    Paused: false,
    Restarting: false,
    Dead: true,
    Pid: 0,
    Error: reason,
    ...(wasRunning ? { FinishedAt: rfc3339Nano(now) } : {}),
  };
}

/** Exited, waiting out the restart back-off: Docker shows Running and Restarting both true. */
export function restarting(state: ContainerState): ContainerState {
  return { ...state, Status: "restarting", Running: true, Restarting: true };
}

export function removing(state: ContainerState): ContainerState {
  return { ...state, Status: "removing" };
}

export function isActive(state: ContainerState): boolean {
  return state.Status === "running" || state.Status === "paused";
}

export interface RestartContext {
  policy: RestartPolicy | undefined;
  exitCode: number;
  /** Restarts so far since the last manual start. */
  restartCount: number;
  manuallyStopped: boolean;
}

/** Whether the restart policy restarts a container whose init just exited (Docker's rules). */
export function shouldRestart(context: RestartContext): boolean {
  if (context.manuallyStopped) return false;
  switch (context.policy?.Name) {
    case "always":
    case "unless-stopped":
      return true;
    case "on-failure": {
      const limit = context.policy.MaximumRetryCount ?? 0;
      return context.exitCode !== 0 && (limit <= 0 || context.restartCount < limit);
    }
    default:
      return false;
  }
}

const initialBackoffMs = 100;
const maximumBackoffMs = 60_000;
/** A run this long resets the back-off, as Docker's restart manager does. */
const stableRunMs = 10_000;

/** The delay before the next restart: 100 ms doubling up to a minute, reset after a run of 10 s. */
export function restartDelay(previousDelayMs: number, ranForMs: number): number {
  if (ranForMs >= stableRunMs || previousDelayMs <= 0) return initialBackoffMs;
  return Math.min(previousDelayMs * 2, maximumBackoffMs);
}

/** Policies validated as Docker does: on-failure alone takes a retry count. */
export function validateRestartPolicy(policy: RestartPolicy | undefined, autoRemove: boolean): void {
  if (!policy || policy.Name === "" || policy.Name === "no") return;
  if (!["always", "unless-stopped", "on-failure"].includes(policy.Name)) {
    throw new EngineError("invalid", `invalid restart policy '${policy.Name}'`);
  }
  if (policy.Name !== "on-failure" && (policy.MaximumRetryCount ?? 0) !== 0) {
    throw new EngineError("invalid", `invalid restart policy: maximum retry count can only be used with 'on-failure'`);
  }
  if ((policy.MaximumRetryCount ?? 0) < 0) throw new EngineError("invalid", "invalid restart policy: maximum retry count cannot be negative");
  if (autoRemove) throw new EngineError("invalid", "can't create 'AutoRemove' container with restart policy");
}
