// `docker info` output: the Client section, then the Server section with what the daemon reported,
// in docker's order and wording. Lines for values the daemon left empty are skipped, as docker does.

import type { SystemInfo } from "../api/types.ts";
import type { ClientVersion } from "./client-version.ts";
import { bytesSize } from "./human-size.ts";

export function formatInfo(client: ClientVersion, server: SystemInfo | undefined): string {
  const lines = [
    `Client: ${client.platformName}`,
    ` Version:    ${client.version}`,
    ` Context:    ${client.context}`,
    " Debug Mode: false",
    "",
    "Server:",
  ];
  if (server) lines.push(...serverLines(server), "");
  return `${lines.join("\n")}\n`;
}

function serverLines(info: SystemInfo): string[] {
  const runtimes = Object.keys(info.Runtimes).sort();
  return [
    ` Containers: ${info.Containers}`,
    `  Running: ${info.ContainersRunning}`,
    `  Paused: ${info.ContainersPaused}`,
    `  Stopped: ${info.ContainersStopped}`,
    ` Images: ${info.Images}`,
    ...ifSet(" Server Version:", info.ServerVersion),
    ...ifSet(" Storage Driver:", info.Driver),
    ...info.DriverStatus.map(([key, value]) => `  ${key}: ${value}`),
    ...ifSet(" Cgroup Driver:", info.CgroupDriver),
    ...ifSet(" Cgroup Version:", info.CgroupVersion),
    ...(runtimes.length > 0 ? [` Runtimes: ${runtimes.join(" ")}`, ` Default Runtime: ${info.DefaultRuntime}`] : []),
    ...ifSet(" Kernel Version:", info.KernelVersion),
    ...ifSet(" Operating System:", info.OperatingSystem),
    ...ifSet(" OSType:", info.OSType),
    ...ifSet(" Architecture:", info.Architecture),
    ` CPUs: ${info.NCPU}`,
    ` Total Memory: ${bytesSize(info.MemTotal)}`,
    ...ifSet(" Name:", info.Name),
    ...ifSet(" ID:", info.ID),
  ];
}

function ifSet(label: string, value: string): string[] {
  return value ? [`${label} ${value}`] : [];
}
