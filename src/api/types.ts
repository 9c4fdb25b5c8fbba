// Docker Engine API v1.50 shapes used by berth (a subset; field names follow the spec). Container and
// exec shapes are in container-types.ts, network shapes in network-types.ts, event shapes in event-types.ts.

import type { ContainerSummary } from "./container-types.ts";

export type * from "./container-types.ts";
export type * from "./network-types.ts";
export type * from "./event-types.ts";

export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: number;
  Size: number;
  SharedSize: number;
  Labels: Record<string, string>;
  Containers: number;
}

export interface SystemVersion {
  Platform: { Name: string };
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  GoVersion?: string;
  GitCommit: string;
  BuildTime: string;
  Components: { Name: string; Version: string; Details?: Record<string, string> }[];
}

export interface SystemInfo {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DriverStatus: [string, string][];
  CgroupDriver: string;
  CgroupVersion: string;
  KernelVersion: string;
  OperatingSystem: string;
  OSType: string;
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  Name: string;
  ServerVersion: string;
  DefaultRuntime: string;
  Runtimes: Record<string, { path: string }>;
  IndexServerAddress: string;
}

/** How the guest VM came up; the terminal prints it in one line. */
/** berth's own: a line for the user from the engine (a container's connection the egress relay refused). */
export interface EngineNote {
  message: string;
}

export interface BootReport {
  path: "cold-boot" | "snapshot-restore";
  milliseconds: number;
  /** The guest's memory. */
  memoryMiB: number;
}

export interface BootProgress {
  phase: "download" | "boot" | "restore" | "agent" | "ready";
  message: string;
  /** 0..1 when known */
  fraction?: number;
}

/** One progress message of an image pull, as Docker's API streams them (jsonmessage). */
export interface JsonMessage {
  /** "Pulling fs layer", "Downloading", "Pull complete", "Digest: sha256:…", "Status: …" */
  status?: string;
  /** The layer's short id (12 hex digits), or the tag for the "Pulling from" line. */
  id?: string;
  progressDetail?: { current?: number; total?: number };
  /** Docker's preformatted bar, e.g. "[=====>     ]  1.2MB/3.4MB". */
  progress?: string;
  /** Text for the terminal: a build's "Step 1/3 : FROM busybox\n", a load's "Loaded image: busybox:latest\n". */
  stream?: string;
}

/** One message of a push's stream: progress, then per tag an aux record of what was pushed. */
export interface PushMessage extends JsonMessage {
  aux?: { Tag: string; Digest: string; Size: number };
}

/** A login, as `docker login` sends it to POST /auth (and base64url-encoded in X-Registry-Auth). */
export interface AuthConfig {
  username?: string;
  password?: string;
  /** The registry: "127.0.0.1:5000", "https://index.docker.io/v1/". */
  serveraddress?: string;
  email?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface AuthResponse {
  /** "Login Succeeded" */
  Status: string;
  IdentityToken?: string;
}

/** berth's own logout: whether the engine held a login for the registry. */
export interface LogoutResponse {
  /** The registry as the engine keys logins: "127.0.0.1:5000", "docker.io". */
  ServerAddress: string;
  Removed: boolean;
}

/** One message of a build's stream (Docker's classic builder); a base image's pull progress too. */
export interface BuildInfo extends JsonMessage {
  /** The id of the image a stage produced. */
  aux?: { ID: string };
  errorDetail?: { code?: number; message: string };
  error?: string;
}

export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  /** RFC 3339 */
  Created: string;
  Author: string;
  Config: {
    User?: string;
    Env?: string[];
    Cmd?: string[];
    Entrypoint?: string[];
    WorkingDir?: string;
    Labels?: Record<string, string>;
    ExposedPorts?: Record<string, object>;
    Volumes?: Record<string, object>;
    StopSignal?: string;
  };
  Architecture: string;
  Variant?: string;
  Os: string;
  Size: number;
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime?: string };
}

export interface ImageHistoryItem {
  /** The image id for the top entry, "<missing>" for the others (as Docker reports them). */
  Id: string;
  /** Seconds since the epoch. */
  Created: number;
  CreatedBy: string;
  Tags: string[];
  Size: number;
  Comment: string;
}

export interface ImageDeleteResponseItem {
  Untagged?: string;
  Deleted?: string;
}

export interface ImagePruneResponse {
  ImagesDeleted: ImageDeleteResponseItem[];
  SpaceReclaimed: number;
}

export interface SystemDataUsage {
  LayersSize: number;
  Images: ImageSummary[];
  Containers: (ContainerSummary & { SizeRw: number; SizeRootFs: number })[];
  Volumes: never[];
  BuildCache: never[];
}
