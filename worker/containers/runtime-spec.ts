// Builds the OCI runtime config (config.json) crun runs a container from: the image's defaults
// overlaid with the create request the way Docker combines them, plus Docker's default sandbox.
//
// Process arguments: a request Entrypoint replaces the image's and drops the image's Cmd (a
// request Entrypoint of [""] means "none"); a request Cmd replaces the image's. Environment:
// PATH (default), HOSTNAME and, with a TTY, TERM=xterm, then the image's Env overridden by key by
// the request's (a request entry without "=" removes the variable), then HOME from passwd if unset.

import { EngineError } from "../../src/api/errors.ts";
import type { ContainerCreateRequest } from "../../src/api/types.ts";
import type { ImageConfig } from "../images/oci-types.ts";
import type { RootfsTree } from "../rootfs/tree.ts";
import { resolveContainerUser } from "./container-user.ts";
import {
  DEFAULT_CAPABILITIES,
  DEFAULT_MASKED_PATHS,
  DEFAULT_MOUNTS,
  DEFAULT_NOFILE,
  DEFAULT_PATH,
  DEFAULT_READONLY_PATHS,
  MIN_MEMORY_LIMIT,
} from "./runtime-defaults.ts";
import type { RuntimeResources, RuntimeSpec } from "./runtime-spec-types.ts";

export type { RuntimeSpec } from "./runtime-spec-types.ts";

export interface ContainerContext {
  /** 64 lowercase hex characters. */
  id: string;
  /** Defaults to the request's Hostname, else the first 12 characters of the id. */
  hostname?: string;
  /** The container's root filesystem, read for /etc/passwd and /etc/group. */
  rootfs: RootfsTree;
}

const CONTAINER_ID = /^[0-9a-f]{64}$/;
const SHORT_ID_LENGTH = 12;

function envKey(entry: string): string {
  const equals = entry.indexOf("=");
  return equals === -1 ? entry : entry.slice(0, equals);
}

/** The container's Env as Docker stores it: the request's entries, then the image's not overridden. */
function mergedEnv(imageEnv: string[], requestEnv: string[]): string[] {
  const requestKeys = new Set(requestEnv.map(envKey));
  return [...requestEnv, ...imageEnv.filter((entry) => !requestKeys.has(envKey(entry)))];
}

/** Replaces each variable of `base` that `overrides` sets, appends the new ones, drops bare names. */
function overrideEnv(base: string[], overrides: string[]): string[] {
  const env = [...base];
  for (const entry of overrides) {
    const index = env.findIndex((existing) => envKey(existing) === envKey(entry));
    if (!entry.includes("=")) {
      if (index !== -1) env.splice(index, 1);
    } else if (index === -1) {
      env.push(entry);
    } else {
      env[index] = entry;
    }
  }
  return env;
}

function processArgs(image: ImageConfig, request: ContainerCreateRequest): string[] {
  const defaults = image.config ?? {};
  if (request.Entrypoint == null || request.Entrypoint.length === 0) {
    const cmd = request.Cmd?.length ? request.Cmd : (defaults.Cmd ?? []);
    const entrypoint = request.Entrypoint == null ? (defaults.Entrypoint ?? []) : [];
    return [...entrypoint, ...cmd];
  }
  const entrypoint = request.Entrypoint.length === 1 && request.Entrypoint[0] === "" ? [] : request.Entrypoint;
  return [...entrypoint, ...(request.Cmd ?? [])];
}

/** A lexically cleaned absolute path; Docker refuses relative working directories. */
function workingDirectory(image: ImageConfig, request: ContainerCreateRequest): string {
  const dir = request.WorkingDir || image.config?.WorkingDir || "/";
  if (!dir.startsWith("/")) throw new EngineError("invalid", `the working directory '${dir}' is invalid, it needs to be an absolute path`);
  const parts: string[] = [];
  for (const part of dir.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "" && part !== ".") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function resources(request: ContainerCreateRequest): RuntimeResources | undefined {
  const { Memory: memory, PidsLimit: pids } = request.HostConfig ?? {};
  if (memory && memory > 0 && memory < MIN_MEMORY_LIMIT) throw new EngineError("invalid", "Minimum memory limit allowed is 6MB");
  const limits: RuntimeResources = {};
  if (memory && memory > 0) limits.memory = { limit: memory };
  if (pids && pids > 0) limits.pids = { limit: pids };
  return limits.memory || limits.pids ? limits : undefined;
}

export function buildRuntimeSpec(image: ImageConfig, request: ContainerCreateRequest, context: ContainerContext): RuntimeSpec {
  if (!CONTAINER_ID.test(context.id)) throw new EngineError("invalid", `invalid container id "${context.id}"`);
  const args = processArgs(image, request);
  if (args.length === 0) throw new EngineError("invalid", "no command specified");
  const hostname = context.hostname || request.Hostname || context.id.slice(0, SHORT_ID_LENGTH);
  const user = resolveContainerUser(request.User || image.config?.User || "", context.rootfs);
  const tty = request.Tty === true;

  const daemonEnv = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`, ...(tty ? ["TERM=xterm"] : [])];
  const env = overrideEnv(daemonEnv, mergedEnv(image.config?.Env ?? [], request.Env ?? []));
  if (!env.some((entry) => envKey(entry) === "HOME")) env.push(`HOME=${user.home}`);

  const limits = resources(request);
  return {
    ociVersion: "1.0.2",
    process: {
      terminal: tty,
      user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length > 0 ? { additionalGids: user.additionalGids } : {}) },
      args,
      env,
      cwd: workingDirectory(image, request),
      capabilities: { bounding: [...DEFAULT_CAPABILITIES], effective: [...DEFAULT_CAPABILITIES], permitted: [...DEFAULT_CAPABILITIES] },
      rlimits: [{ type: "RLIMIT_NOFILE", hard: DEFAULT_NOFILE, soft: DEFAULT_NOFILE }],
      noNewPrivileges: false,
    },
    root: { path: "rootfs", readonly: false },
    hostname,
    mounts: DEFAULT_MOUNTS.map((mount) => ({ ...mount, options: [...(mount.options ?? [])] })),
    linux: {
      // A fresh network namespace with only loopback: berth has no container networking yet.
      namespaces: [{ type: "pid" }, { type: "mount" }, { type: "uts" }, { type: "ipc" }, { type: "network" }, { type: "cgroup" }],
      cgroupsPath: `/berth/${context.id}`,
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
      ...(limits ? { resources: limits } : {}),
    },
  };
}
