// A container is a persisted metadata record (this file) plus, while it runs, a task in the guest
// (task.ts). The record keeps what Docker's inspect shows: the create request merged with the
// image's defaults, the host config, the state and the restart count, so it survives a reload and a
// daemon restart; the task and its processes do not.

import type { ContainerConfig, ContainerCreateRequest, ContainerState, HostConfig } from "../../src/api/container-types.ts";
import type { EndpointSettings } from "../../src/api/network-types.ts";
import type { RecordStore } from "../metadata/record-store.ts";

export interface ContainerRecord {
  /** 64 lowercase hex characters. */
  id: string;
  /** Without the leading "/". */
  name: string;
  /** RFC 3339 with nanoseconds. */
  created: string;
  /** The image as the client named it. */
  imageRef: string;
  imageId: string;
  /** The create request as the client sent it: the runtime spec is built from it at each start. */
  request: ContainerCreateRequest;
  /** The request merged with the image's defaults, as inspect shows it. */
  config: ContainerConfig;
  hostConfig: HostConfig;
  /**
   * Network name → the endpoint asked for on it (aliases, address), its network's id and DNS names
   * once it has started (Docker's NetworkSettings.Networks without the running endpoint's data).
   * Absent in records from before networks: the default bridge.
   */
  networks?: Record<string, EndpointSettings>;
  /** Entrypoint + Cmd as resolved from the image and the request. */
  args: string[];
  state: ContainerState;
  restartCount: number;
  /** Set by `docker stop` and `docker kill`: restart policies leave the container alone until its next start. */
  manuallyStopped: boolean;
}

export type ContainerMetadataStore = RecordStore<ContainerRecord>;

/** Go's zero time, which Docker shows for StartedAt/FinishedAt that never happened. */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** Docker's RFC 3339 with nanoseconds, from milliseconds since the epoch. */
export function rfc3339Nano(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}000000Z`);
}

/** Milliseconds since the epoch of an RFC 3339 time; undefined for the zero time. */
export function epochMilliseconds(time: string): number | undefined {
  if (time === ZERO_TIME) return undefined;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export function createdState(): ContainerState {
  return {
    Status: "created",
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: "",
    StartedAt: ZERO_TIME,
    FinishedAt: ZERO_TIME,
  };
}
