// Docker Engine API v1.50 shapes for containers and exec instances (a subset; field names follow
// the spec). ContainerConfig and HostConfig are what a client sends; the inspect shapes are what the
// daemon keeps and returns.

import type { EndpointSettings, NetworkHostConfig, NetworkingConfig } from "./network-types.ts";

export interface ContainerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: Record<string, object>;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  Image?: string;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  /** Seconds to wait after the stop signal before SIGKILL. */
  StopTimeout?: number;
}

export type RestartPolicyName = "" | "no" | "always" | "unless-stopped" | "on-failure";

export interface RestartPolicy {
  Name: RestartPolicyName;
  MaximumRetryCount?: number;
}

export interface HostConfig extends NetworkHostConfig {
  AutoRemove?: boolean;
  /** Bytes; 0 = unlimited. */
  Memory?: number;
  /** Memory plus swap in bytes; -1 = unlimited swap. */
  MemorySwap?: number;
  /** CPU quota in units of 1e-9 CPUs. */
  NanoCpus?: number;
  PidsLimit?: number;
  RestartPolicy?: RestartPolicy;
  Init?: boolean;
  ReadonlyRootfs?: boolean;
  /** Mount point → tmpfs options, as `--tmpfs /run:size=64m`. */
  Tmpfs?: Record<string, string>;
}

export interface ContainerCreateRequest extends ContainerConfig {
  HostConfig?: HostConfig;
  NetworkingConfig?: NetworkingConfig;
}

export interface ContainerCreateResponse {
  Id: string;
  Warnings: string[];
}

export type ContainerStateStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

export interface ContainerState {
  Status: ContainerStateStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  /** RFC 3339 with nanoseconds; "0001-01-01T00:00:00Z" when never. */
  StartedAt: string;
  FinishedAt: string;
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  State: ContainerStateStatus;
  Status: string;
  Labels: Record<string, string>;
  SizeRw?: number;
  SizeRootFs?: number;
  Ports: { PrivatePort: number; PublicPort?: number; Type: string; IP?: string }[];
  Mounts: unknown[];
  /** The container's endpoints by network name. */
  NetworkSettings?: { Networks: Record<string, EndpointSettings> };
}

export interface ContainerInspectResponse {
  Id: string;
  /** RFC 3339 with nanoseconds. */
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfig;
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts: unknown[];
  Config: ContainerConfig;
  NetworkSettings: { Ports: Record<string, unknown>; Networks: Record<string, unknown> };
}

export interface ContainerWaitResponse {
  StatusCode: number;
  Error?: { Message: string };
}

export interface ContainerTopResponse {
  Titles: string[];
  Processes: string[][];
}

export interface ContainerPruneResponse {
  ContainersDeleted: string[];
  SpaceReclaimed: number;
}

/** One sample of GET /containers/{id}/stats (the fields berth fills). */
export interface ContainerStatsResponse {
  id: string;
  name: string;
  /** RFC 3339 */
  read: string;
  preread: string;
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  pids_stats: { current?: number; limit?: number };
  blkio_stats: { io_service_bytes_recursive: null };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
}

export interface CpuStats {
  /** Nanoseconds of CPU time the container used. */
  cpu_usage: { total_usage: number };
  /** Nanoseconds of CPU time the whole system offered (wall time × CPUs). */
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** The X-Docker-Container-Path-Stat of the archive endpoints. */
export interface ContainerPathStat {
  name: string;
  size: number;
  /** Go's os.FileMode bits, as Docker sends them. */
  mode: number;
  /** RFC 3339 */
  mtime: string;
  linkTarget: string;
}

export interface ContainerArchive {
  stat: ContainerPathStat;
  /** A tar of the path. */
  archive: Uint8Array;
}

export interface ExecConfig {
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  DetachKeys?: string;
  Tty?: boolean;
  ConsoleSize?: [number, number] | null;
  Env?: string[];
  Cmd: string[];
  Privileged?: boolean;
  User?: string;
  WorkingDir?: string;
}

export interface ExecStartConfig {
  Detach?: boolean;
  Tty?: boolean;
  ConsoleSize?: [number, number] | null;
}

export interface ExecInspectResponse {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ProcessConfig: { tty: boolean; entrypoint: string; arguments: string[]; privileged: boolean; user?: string };
  OpenStdin: boolean;
  OpenStderr: boolean;
  OpenStdout: boolean;
  CanRemove: boolean;
  ContainerID: string;
  DetachKeys: string;
  Pid: number;
}

/** One entry of `docker diff` (ContainerChanges): Kind 0 modified, 1 added, 2 deleted. */
export interface FilesystemChange {
  Path: string;
  Kind: 0 | 1 | 2;
}
