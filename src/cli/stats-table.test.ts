import { describe, expect, it } from "vitest";
import type { ContainerStatsResponse } from "../api/types.ts";
import { emptyStatsEntry, statsEntry, statsTemplateView } from "./stats-table.ts";

function sample(overrides: Partial<ContainerStatsResponse> = {}): ContainerStatsResponse {
  return {
    id: "4f66ad9a0b2e".padEnd(64, "1"),
    name: "/web",
    read: "2025-01-01T12:00:01Z",
    preread: "2025-01-01T12:00:00Z",
    cpu_stats: { cpu_usage: { total_usage: 2_100_000_000 }, system_cpu_usage: 110_000_000_000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 100_000_000_000, online_cpus: 2 },
    memory_stats: { usage: 1_572_864, limit: 134_217_728, stats: { inactive_file: 314_573 } },
    pids_stats: { current: 3 },
    blkio_stats: { io_service_bytes_recursive: null },
    networks: { eth0: { rx_bytes: 1296, tx_bytes: 648 } },
    ...overrides,
  };
}

/** The view's fields (its Go type tag aside). */
const view = (entry: ReturnType<typeof statsEntry>, truncate = true) =>
  Object.fromEntries(Object.entries(statsTemplateView(entry, truncate))) as Record<string, string>;

describe("docker stats figures", () => {
  it("computes them as the docker CLI does", () => {
    expect(view(statsEntry("web", sample()))).toEqual({
      BlockIO: "0B / 0B",
      CPUPerc: "2.00%",
      Container: "web",
      ID: "4f66ad9a0b2e",
      MemPerc: "0.94%",
      MemUsage: "1.2MiB / 128MiB",
      Name: "web",
      NetIO: "1.3kB / 648B",
      PIDs: "3",
    });
  });

  it.each<[Partial<ContainerStatsResponse>, string]>([
    [{ precpu_stats: { cpu_usage: { total_usage: 0 } } }, "3.82%"],
    [{ cpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 110_000_000_000, online_cpus: 2 } }, "0.00%"],
    [{ cpu_stats: { cpu_usage: { total_usage: 7_000_000_000 }, system_cpu_usage: 110_000_000_000, online_cpus: 1 } }, "50.00%"],
  ])("CPU % of %j is %s", (overrides, cpu) => {
    expect(view(statsEntry("web", sample(overrides))).CPUPerc).toBe(cpu);
  });

  it.each<[ContainerStatsResponse["memory_stats"], string, string]>([
    [{ usage: 1_048_576, limit: 2_097_152, stats: { total_inactive_file: 524_288, inactive_file: 1 } }, "512KiB / 2MiB", "25.00%"],
    [{ usage: 1_048_576, limit: 0, stats: {} }, "1MiB / 0B", "0.00%"],
    [{ usage: 100, limit: 1000, stats: { inactive_file: 200 } }, "100B / 1000B", "10.00%"],
    [{}, "0B / 0B", "0.00%"],
  ])("memory of %j is %s (%s)", (memory_stats, usage, percent) => {
    const shown = view(statsEntry("web", sample({ memory_stats })));
    expect([shown.MemUsage, shown.MemPerc]).toEqual([usage, percent]);
  });

  it("shows -- for a container whose stats failed", () => {
    expect(view(emptyStatsEntry("nope", true))).toEqual({
      BlockIO: "--",
      CPUPerc: "--",
      Container: "nope",
      ID: "",
      MemPerc: "--",
      MemUsage: "-- / --",
      Name: "--",
      NetIO: "--",
      PIDs: "--",
    });
  });

  it("shows the full ID with --no-trunc", () => {
    expect(view(statsEntry("web", sample()), false).ID).toBe("4f66ad9a0b2e".padEnd(64, "1"));
  });
});
