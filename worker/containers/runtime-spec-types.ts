// The part of the OCI runtime spec (config.json, v1.0.2) that berth writes for crun.

export interface RuntimeMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

export interface RuntimeProcess {
  terminal: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities: { bounding: string[]; effective: string[]; permitted: string[] };
  rlimits: { type: string; hard: number; soft: number }[];
  noNewPrivileges: boolean;
}

export interface RuntimeResources {
  memory?: { limit: number; swap?: number };
  pids?: { limit: number };
  cpu?: { quota: number; period: number };
}

export interface RuntimeLinux {
  /** A namespace with a `path` is joined (an existing one); without, a new one is made. */
  namespaces: { type: "pid" | "network" | "mount" | "ipc" | "uts" | "user" | "cgroup"; path?: string }[];
  cgroupsPath: string;
  maskedPaths: string[];
  readonlyPaths: string[];
  resources?: RuntimeResources;
}

export interface RuntimeSpec {
  ociVersion: string;
  process: RuntimeProcess;
  root: { path: string; readonly: boolean };
  hostname: string;
  mounts: RuntimeMount[];
  linux: RuntimeLinux;
}
