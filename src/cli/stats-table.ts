// What docker stats shows of a container's samples (StatsEntry and its formatter): CPU % from the
// usage deltas between two samples, memory without the inactive page cache, network and block I/O
// totals and the process count, in Docker's units; "--" for a container whose stats failed.

import type { ContainerStatsResponse } from "../api/types.ts";
import { bytesSize, humanSizeWithPrecision } from "./human-size.ts";
import { goStructType } from "./go-template.ts";
import { shortId } from "./short-id.ts";

export const defaultStatsTableFormat =
  "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

export interface StatsEntry {
  /** The container as the user named it (its ID when docker stats lists them all). */
  container: string;
  name: string;
  id: string;
  cpuPercentage: number;
  memory: number;
  memoryLimit: number;
  memoryPercentage: number;
  networkRx: number;
  networkTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
  /** The stats could not be read. */
  invalid: boolean;
}

/** An entry before its first sample, or after a failure. */
export function emptyStatsEntry(container: string, invalid = false): StatsEntry {
  return {
    container,
    name: "",
    id: "",
    cpuPercentage: 0,
    memory: 0,
    memoryLimit: 0,
    memoryPercentage: 0,
    networkRx: 0,
    networkTx: 0,
    blockRead: 0,
    blockWrite: 0,
    pids: 0,
    invalid,
  };
}

export function statsEntry(container: string, sample: ContainerStatsResponse): StatsEntry {
  const memory = memoryWithoutCache(sample.memory_stats);
  const memoryLimit = sample.memory_stats.limit ?? 0;
  const networks = Object.values(sample.networks ?? {});
  return {
    container,
    name: sample.name,
    id: sample.id,
    cpuPercentage: cpuPercentage(sample),
    memory,
    memoryLimit,
    memoryPercentage: memoryLimit !== 0 ? (memory / memoryLimit) * 100 : 0,
    networkRx: networks.reduce((sum, network) => sum + network.rx_bytes, 0),
    networkTx: networks.reduce((sum, network) => sum + network.tx_bytes, 0),
    // berth's engine reports no block I/O.
    blockRead: 0,
    blockWrite: 0,
    pids: sample.pids_stats.current ?? 0,
    invalid: false,
  };
}

/** calculateCPUPercentUnix: the container's share of the CPU time offered between two samples. */
function cpuPercentage({ cpu_stats: now, precpu_stats: before }: ContainerStatsResponse): number {
  const cpuDelta = now.cpu_usage.total_usage - before.cpu_usage.total_usage;
  const systemDelta = (now.system_cpu_usage ?? 0) - (before.system_cpu_usage ?? 0);
  const onlineCpus = now.online_cpus ?? 0;
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * onlineCpus * 100 : 0;
}

/** calculateMemUsageUnixNoCache: usage less inactive file pages (cgroup v1's total_ figure first). */
function memoryWithoutCache({ usage = 0, stats = {} }: ContainerStatsResponse["memory_stats"]): number {
  const cgroupV1 = stats.total_inactive_file;
  if (cgroupV1 !== undefined && cgroupV1 < usage) return usage - cgroupV1;
  const inactive = stats.inactive_file ?? 0;
  return inactive < usage ? usage - inactive : usage;
}

export const statsTableHeaders = {
  BlockIO: "BLOCK I/O",
  CPUPerc: "CPU %",
  Container: "CONTAINER",
  ID: "CONTAINER ID",
  MemPerc: "MEM %",
  MemUsage: "MEM USAGE / LIMIT",
  Name: "NAME",
  NetIO: "NET I/O",
  PIDs: "PIDS",
};

const noValue = "--";

/** The fields a --format template sees, in alphabetical order as {{json .}} lists them. */
export function statsTemplateView(entry: StatsEntry, truncate: boolean): object {
  const either = (value: () => string) => (entry.invalid ? noValue : value());
  const sizes = (a: number, b: number) => `${humanSizeWithPrecision(a, 3)} / ${humanSizeWithPrecision(b, 3)}`;
  return {
    [goStructType]: "*container.statsContext",
    BlockIO: either(() => sizes(entry.blockRead, entry.blockWrite)),
    CPUPerc: either(() => percentage(entry.cpuPercentage)),
    Container: entry.container,
    ID: truncate ? shortId(entry.id) : entry.id,
    MemPerc: either(() => percentage(entry.memoryPercentage)),
    MemUsage: entry.invalid ? "-- / --" : `${bytesSize(entry.memory)} / ${bytesSize(entry.memoryLimit)}`,
    Name: entry.name.length > 1 ? entry.name.slice(1) : noValue,
    NetIO: either(() => sizes(entry.networkRx, entry.networkTx)),
    PIDs: either(() => String(entry.pids)),
  };
}

function percentage(value: number): string {
  return `${value.toFixed(2)}%`;
}
