// Read-only container operations: list (with Docker's filters), inspect, top and stats.

import type {
  ContainerInspectResponse,
  ContainerStatsResponse,
  ContainerSummary,
  ContainerTopResponse,
} from "../../src/api/container-types.ts";
import { EngineError } from "../../src/api/errors.ts";
import { safeRegExp } from "../events/filter-matching.ts";
import type { ImageStore } from "../images/image-store.ts";
import { guestBundlePath } from "../networks/bundle-files.ts";
import { normalizedNetworkMode } from "../networks/network-mode.ts";
import { networkSettingsView, type ContainerNetworkState } from "../networks/network-settings.ts";
import type { AgentInfo, AgentStats, AgentTop } from "../vm/agent-client.ts";
import type { ContainerIndex } from "./container-index.ts";
import type { ContainerRecord } from "./container-record.ts";
import { toContainerSummary } from "./container-summary.ts";

export interface ListOptions {
  all?: boolean;
  limit?: number;
  size?: boolean;
  filters?: Record<string, string[]>;
}

const knownFilters = new Set(["status", "name", "id", "label", "ancestor", "exited"]);
const statuses = new Set(["created", "restarting", "running", "removing", "paused", "exited", "dead"]);

export function listContainers(
  containers: ContainerIndex,
  images: ImageStore,
  options: ListOptions,
  networkState: (record: ContainerRecord) => ContainerNetworkState,
): ContainerSummary[] {
  const filters = options.filters ?? {};
  for (const [name, values] of Object.entries(filters)) {
    if (!knownFilters.has(name)) throw new EngineError("invalid", `invalid filter '${name}'`);
    if (name === "status") for (const value of values) if (!statuses.has(value)) throw new EngineError("invalid", `invalid filter 'status=${value}'`);
    if (name === "exited") for (const value of values) if (!/^-?\d+$/.test(value)) throw new EngineError("invalid", `invalid filter 'exited=${value}'`);
  }
  const ancestors = (filters.ancestor ?? []).map((reference) => ancestorIds(images, reference));
  const now = Date.now();
  let records = containers.list();
  const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
  const showAll = options.all || limit !== undefined || filters.status !== undefined || filters.exited !== undefined;
  records = records.filter((record) => (showAll || record.state.Running) && matches(record, filters, ancestors));
  if (limit !== undefined) records = records.slice(0, limit);
  return records.map((record) => {
    const summary = toContainerSummary(record, now, networkState(record));
    if (!options.size) return summary;
    return { ...summary, SizeRootFs: images.get(record.imageId)?.size ?? 0 };
  });
}

/** The ids an `ancestor` filter matches: the image it names, if there is one. */
function ancestorIds(images: ImageStore, reference: string): { reference: string; imageId?: string } {
  try {
    return { reference, imageId: images.resolve(reference).id };
  } catch {
    return { reference };
  }
}

function matches(record: ContainerRecord, filters: Record<string, string[]>, ancestors: { reference: string; imageId?: string }[]): boolean {
  const any = (name: string, test: (value: string) => boolean) => filters[name] === undefined || filters[name].some(test);
  return (
    any("status", (status) => record.state.Status === status) &&
    any("name", (pattern) => safeRegExp(pattern).test(record.name)) &&
    any("id", (prefix) => record.id.startsWith(prefix)) &&
    any("label", (label) => labelMatches(record.config.Labels ?? {}, label)) &&
    any("exited", (code) => record.state.Status === "exited" && record.state.ExitCode === Number(code)) &&
    (filters.ancestor === undefined || ancestors.some(({ reference, imageId }) => record.imageId === imageId || record.imageRef === reference))
  );
}

function labelMatches(labels: Record<string, string>, filter: string): boolean {
  const equals = filter.indexOf("=");
  if (equals === -1) return filter in labels;
  return labels[filter.slice(0, equals)] === filter.slice(equals + 1);
}

export function inspectContainer(record: ContainerRecord, execIds: string[], network: ContainerNetworkState): ContainerInspectResponse {
  const [path = "", ...args] = record.args;
  return {
    Id: record.id,
    Created: record.created,
    Path: path,
    Args: args,
    State: { ...record.state },
    Image: record.imageId,
    ResolvConfPath: guestBundlePath(record.id, "resolv.conf"),
    HostnamePath: guestBundlePath(record.id, "hostname"),
    HostsPath: guestBundlePath(record.id, "hosts"),
    LogPath: "",
    Name: `/${record.name}`,
    RestartCount: record.restartCount,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: execIds.length > 0 ? execIds : null,
    HostConfig: {
      ...record.hostConfig,
      RestartPolicy: record.hostConfig.RestartPolicy ?? { Name: "no", MaximumRetryCount: 0 },
      AutoRemove: record.hostConfig.AutoRemove ?? false,
      Memory: record.hostConfig.Memory ?? 0,
      NanoCpus: record.hostConfig.NanoCpus ?? 0,
      PidsLimit: record.hostConfig.PidsLimit ?? null,
      ReadonlyRootfs: record.hostConfig.ReadonlyRootfs ?? false,
      Init: record.hostConfig.Init ?? null,
      NetworkMode: normalizedNetworkMode(record.hostConfig.NetworkMode),
      PortBindings: record.hostConfig.PortBindings ?? {},
      PublishAllPorts: record.hostConfig.PublishAllPorts ?? false,
    } as ContainerInspectResponse["HostConfig"],
    GraphDriver: { Name: "overlay2", Data: null },
    Mounts: [],
    Config: { ...record.config, Image: record.imageRef },
    NetworkSettings: networkSettingsView(record, network),
  };
}

/** `docker top`: the container's processes in the columns of `ps -ef`. */
export function topTable(top: AgentTop, now: number): ContainerTopResponse {
  return {
    Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
    Processes: top.processes.map((process) => {
      const startedAt = (top.bootTime + process.startTicks / top.clockTicks) * 1000;
      const cpuSeconds = Math.floor(process.cpuTicks / top.clockTicks);
      const elapsedSeconds = Math.max(1, (now - startedAt) / 1000);
      return [
        process.uid === 0 ? "root" : String(process.uid),
        String(process.pid),
        String(process.ppid),
        String(Math.min(99, Math.floor((100 * process.cpuTicks) / top.clockTicks / elapsedSeconds))),
        clockTime(startedAt),
        process.ttyNr === 0 ? "?" : ttyName(process.ttyNr),
        cpuTime(cpuSeconds),
        process.command,
      ];
    }),
  };
}

function clockTime(milliseconds: number): string {
  const date = new Date(milliseconds);
  return `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
}

function cpuTime(seconds: number): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** Linux tty_nr: major 136+ are /dev/pts/N. */
function ttyName(ttyNr: number): string {
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  return major >= 136 && major <= 143 ? `pts/${(major - 136) * 256 + minor}` : `tty${minor}`;
}

export interface StatsSample {
  stats: AgentStats;
  /** Milliseconds since the epoch when it was read. */
  at: number;
}

/**
 * One stats message in Docker's shape from this sample and the one before. A container that is not
 * running has no sample, and Docker then sends zeros.
 */
export function statsMessage(record: ContainerRecord, guest: AgentInfo, sample: StatsSample | undefined, previous: StatsSample | undefined): ContainerStatsResponse {
  const never = "0001-01-01T00:00:00Z";
  const cpuStats = (s: StatsSample | undefined) => ({
    cpu_usage: { total_usage: s ? s.stats.cpuUsageMicros * 1000 : 0 },
    ...(s ? { system_cpu_usage: s.at * 1e6 * guest.cpus, online_cpus: guest.cpus } : {}),
  });
  const stats = sample?.stats;
  return {
    id: record.id,
    name: `/${record.name}`,
    read: sample ? new Date(sample.at).toISOString() : never,
    preread: previous ? new Date(previous.at).toISOString() : never,
    cpu_stats: cpuStats(sample),
    precpu_stats: cpuStats(previous),
    memory_stats: stats ? { usage: stats.memoryCurrent, limit: stats.memoryLimit || guest.memTotalBytes, stats: { inactive_file: stats.inactiveFile } } : {},
    pids_stats: stats ? { current: stats.pidsCurrent, ...(stats.pidsLimit ? { limit: stats.pidsLimit } : {}) } : {},
    blkio_stats: { io_service_bytes_recursive: null },
  };
}
