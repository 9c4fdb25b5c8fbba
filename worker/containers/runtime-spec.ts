// Builds the OCI runtime config (config.json) crun runs a container from: the image's defaults
// overlaid with the create request the way Docker combines them, plus Docker's default sandbox.
//
// Process arguments: a request Entrypoint replaces the image's and drops the image's Cmd (a
// request Entrypoint of [""] means "none"); a request Cmd replaces the image's. Environment:
// PATH (default), HOSTNAME and, with a TTY, TERM=xterm, then the image's Env overridden by key by
// the request's (a request entry without "=" removes the variable), then HOME from passwd if unset.

import { EngineError } from "../../src/api/errors.ts";
import type { ContainerConfig, ContainerCreateRequest, ExecConfig } from "../../src/api/container-types.ts";
import type { ImageConfig } from "../images/oci-types.ts";
import { BUNDLE_FILES, guestBundlePath } from "../networks/bundle-files.ts";
import { isHostMode, isNoneMode } from "../networks/network-mode.ts";
import { HOST_NETNS_PATH } from "../vm/network-setup.ts";
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
import type { RuntimeLinux, RuntimeMount, RuntimeProcess, RuntimeResources, RuntimeSpec } from "./runtime-spec-types.ts";

export type { RuntimeSpec } from "./runtime-spec-types.ts";

export interface ContainerContext {
  /** 64 lowercase hex characters. */
  id: string;
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

/**
 * A process's environment: PATH (default), HOSTNAME and, with a TTY, TERM=xterm, overridden by the
 * container's Env, then HOME from passwd if still unset.
 */
function processEnvironment(hostname: string, tty: boolean, env: string[], home: string): string[] {
  const daemonEnv = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`, ...(tty ? ["TERM=xterm"] : [])];
  const merged = overrideEnv(daemonEnv, env);
  if (!merged.some((entry) => envKey(entry) === "HOME")) merged.push(`HOME=${home}`);
  return merged;
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

/** The CFS period Docker uses for --cpus. */
const CPU_PERIOD_MICROS = 100_000;

function resources(request: ContainerCreateRequest): RuntimeResources | undefined {
  const { Memory: memory, MemorySwap: memorySwap, PidsLimit: pids, NanoCpus: nanoCpus } = request.HostConfig ?? {};
  if (memory && memory > 0 && memory < MIN_MEMORY_LIMIT) throw new EngineError("invalid", "Minimum memory limit allowed is 6MB");
  if (memorySwap && memorySwap > 0) {
    if (!memory) throw new EngineError("invalid", "You should always set the Memory limit when using Memoryswap limit, see usage.");
    if (memorySwap < memory) throw new EngineError("invalid", "Minimum memoryswap limit should be larger than memory limit, see usage.");
  }
  if (nanoCpus && nanoCpus < 0) throw new EngineError("invalid", "Range of CPUs is from 0.01 to 1.0, as there are only 1 CPUs available");
  const limits: RuntimeResources = {};
  if (memory && memory > 0) limits.memory = { limit: memory, ...(memorySwap ? { swap: memorySwap } : {}) };
  if (pids && pids > 0) limits.pids = { limit: pids };
  if (nanoCpus && nanoCpus > 0) limits.cpu = { quota: Math.round((nanoCpus * CPU_PERIOD_MICROS) / 1e9), period: CPU_PERIOD_MICROS };
  return limits.memory || limits.pids || limits.cpu ? limits : undefined;
}

/** Where `--init` puts the guest's init (the agent binary in its docker-init mode). */
export const DOCKER_INIT_PATH = "/sbin/docker-init";

function extraMounts(request: ContainerCreateRequest): RuntimeMount[] {
  const hostConfig = request.HostConfig ?? {};
  const mounts: RuntimeMount[] = Object.entries(hostConfig.Tmpfs ?? {}).map(([destination, options]) => ({
    destination,
    type: "tmpfs",
    source: "tmpfs",
    options: ["nosuid", "nodev", "noexec", ...(options ? options.split(",") : [])],
  }));
  if (hostConfig.Init) mounts.push({ destination: DOCKER_INIT_PATH, type: "bind", source: "/init", options: ["bind", "ro"] });
  return mounts;
}

/**
 * The network namespace: the guest's shared host namespace with --network host, a fresh one with
 * only loopback for --network none, else the one the agent makes at START with the container's
 * interfaces.
 */
function networkNamespace(request: ContainerCreateRequest, id: string): RuntimeLinux["namespaces"] {
  const mode = request.HostConfig?.NetworkMode;
  if (isHostMode(mode)) return [{ type: "network", path: HOST_NETNS_PATH }];
  if (isNoneMode(mode)) return [{ type: "network" }];
  return [{ type: "network", path: guestBundlePath(id, "netns") }];
}

/** /etc/hosts, /etc/hostname and /etc/resolv.conf from the files the engine writes into the bundle. */
function bundleFileMounts(id: string): RuntimeMount[] {
  return BUNDLE_FILES.map((leaf) => ({ destination: `/etc/${leaf}`, type: "bind", source: guestBundlePath(id, leaf), options: ["rbind", "rprivate"] }));
}

export function buildRuntimeSpec(image: ImageConfig, request: ContainerCreateRequest, context: ContainerContext): RuntimeSpec {
  if (!CONTAINER_ID.test(context.id)) throw new EngineError("invalid", `invalid container id "${context.id}"`);
  const args = processArgs(image, request);
  if (args.length === 0) throw new EngineError("invalid", "no command specified");
  const hostname = request.Hostname || context.id.slice(0, SHORT_ID_LENGTH);
  const user = resolveContainerUser(request.User || image.config?.User || "", context.rootfs);
  const tty = request.Tty === true;

  const env = processEnvironment(hostname, tty, mergedEnv(image.config?.Env ?? [], request.Env ?? []), user.home);

  const limits = resources(request);
  return {
    ociVersion: "1.0.2",
    process: runtimeProcess({
      tty,
      user,
      args: request.HostConfig?.Init ? [DOCKER_INIT_PATH, "--", ...args] : args,
      env,
      cwd: workingDirectory(image, request),
    }),
    root: { path: "rootfs", readonly: request.HostConfig?.ReadonlyRootfs === true },
    hostname,
    mounts: [...DEFAULT_MOUNTS.map((mount) => ({ ...mount, options: [...(mount.options ?? [])] })), ...bundleFileMounts(context.id), ...extraMounts(request)],
    linux: {
      namespaces: [{ type: "pid" }, { type: "mount" }, { type: "uts" }, { type: "ipc" }, ...networkNamespace(request, context.id), { type: "cgroup" }],
      cgroupsPath: `/berth/${context.id}`,
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
      ...(limits ? { resources: limits } : {}),
    },
  };
}

function runtimeProcess(options: { tty: boolean; user: ReturnType<typeof resolveContainerUser>; args: string[]; env: string[]; cwd: string }): RuntimeProcess {
  const { user } = options;
  return {
    terminal: options.tty,
    user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length > 0 ? { additionalGids: user.additionalGids } : {}) },
    args: options.args,
    env: options.env,
    cwd: options.cwd,
    capabilities: { bounding: [...DEFAULT_CAPABILITIES], effective: [...DEFAULT_CAPABILITIES], permitted: [...DEFAULT_CAPABILITIES] },
    rlimits: [{ type: "RLIMIT_NOFILE", hard: DEFAULT_NOFILE, soft: DEFAULT_NOFILE }],
    noNewPrivileges: false,
  };
}

/**
 * The process of `docker exec`: the container's environment with the exec's Env on top, its user
 * and working directory unless the exec names others.
 */
export function buildExecProcess(container: ContainerConfig, exec: ExecConfig, rootfs: RootfsTree): RuntimeProcess {
  if (!exec.Cmd || exec.Cmd.length === 0) throw new EngineError("invalid", "No exec command specified");
  const user = resolveContainerUser(exec.User || container.User || "", rootfs);
  const env = processEnvironment(container.Hostname ?? "", exec.Tty === true, overrideEnv(container.Env ?? [], exec.Env ?? []), user.home);
  const cwd = exec.WorkingDir || container.WorkingDir || "/";
  if (!cwd.startsWith("/")) throw new EngineError("invalid", `the working directory '${cwd}' is invalid, it needs to be an absolute path`);
  return runtimeProcess({ tty: exec.Tty === true, user, args: exec.Cmd, env, cwd });
}

/** The container's Config as inspect shows it: the request with the image's defaults filled in. */
export function mergedContainerConfig(image: ImageConfig, request: ContainerCreateRequest, spec: RuntimeSpec): ContainerConfig {
  const defaults = image.config ?? {};
  const { HostConfig: _hostConfig, NetworkingConfig: _networkingConfig, ...config } = request;
  const entrypoint = request.Entrypoint ?? defaults.Entrypoint ?? undefined;
  const cmd = request.Cmd?.length ? request.Cmd : request.Entrypoint == null ? (defaults.Cmd ?? undefined) : undefined;
  return {
    ...config,
    Hostname: spec.hostname,
    User: request.User ?? defaults.User ?? "",
    Env: mergedEnv(defaults.Env ?? [], request.Env ?? []),
    Cmd: cmd ?? undefined,
    Entrypoint: entrypoint && !(entrypoint.length === 1 && entrypoint[0] === "") ? entrypoint : undefined,
    WorkingDir: request.WorkingDir || defaults.WorkingDir || "",
    Labels: { ...(defaults.Labels ?? {}), ...(request.Labels ?? {}) },
    ...(defaults.ExposedPorts || request.ExposedPorts ? { ExposedPorts: { ...(defaults.ExposedPorts ?? {}), ...(request.ExposedPorts ?? {}) } } : {}),
    ...(request.StopSignal || defaults.StopSignal ? { StopSignal: request.StopSignal || defaults.StopSignal } : {}),
  };
}
