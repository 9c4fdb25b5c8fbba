// A container's published ports: HostConfig.PortBindings (`-p`) checked at create as dockerd checks
// them, what a start claims in the PublishedPorts table (the bindings, plus with PublishAllPorts
// each exposed TCP port without one, on a port the engine picks), and the ports as inspect
// (NetworkSettings.Ports) and the container list show them while the container runs.

import type { ContainerConfig, ContainerSummary, HostConfig } from "../../src/api/container-types.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { PortBinding, PortMap } from "../../src/api/network-types.ts";
import { looksLikeIpv6, parseIpv4 } from "./ipv4.ts";
import type { PublishedPort } from "./published-ports.ts";

/** A port to publish; hostPort 0 lets the table pick one. */
export type PortRequest = Pick<PublishedPort, "hostIp" | "hostPort" | "containerPort" | "protocol">;

/** "80/tcp" (or "80") → its number and protocol, or undefined when the number is not 1–65535. */
function parsePortKey(key: string): { port: number; protocol: string } | undefined {
  const [number = "", protocol = "tcp"] = key.split("/");
  const port = portNumber(number);
  return port === undefined || port === 0 ? undefined : { port, protocol: protocol.toLowerCase() };
}

function portNumber(text: string): number | undefined {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;
}

/** Docker's checks of PortBindings, plus what berth cannot publish (UDP, host port ranges, IPv6 hosts). */
export function validatePortBindings(bindings: PortMap | null | undefined): void {
  for (const [key, list] of Object.entries(bindings ?? {})) {
    const parsed = parsePortKey(key);
    if (!parsed) throw new EngineError("invalid", `invalid port specification: "${key.split("/")[0]}"`);
    for (const binding of list ?? []) {
      const hostPort = binding.HostPort ?? "";
      if (/^\d+-\d+$/.test(hostPort)) throw new EngineError("not-implemented", `berth publishes single host ports, not ranges: "${hostPort}"`);
      if (hostPort !== "" && portNumber(hostPort) === undefined) throw new EngineError("invalid", `invalid port specification: "${hostPort}"`);
      const hostIp = binding.HostIp ?? "";
      if (looksLikeIpv6(hostIp)) throw new EngineError("not-implemented", `berth publishes ports on IPv4 host addresses only: "${hostIp}"`);
      if (hostIp !== "" && parseIpv4(hostIp) === undefined) throw new EngineError("invalid", `invalid host IP address: "${hostIp}"`);
    }
    if (parsed.protocol !== "tcp" && (list ?? []).length > 0) throw new EngineError("not-implemented", `berth publishes TCP ports only: "${key}"`);
  }
}

/** What a starting container publishes, in port order. */
export function portsToPublish(config: ContainerConfig, hostConfig: HostConfig): PortRequest[] {
  const requests: PortRequest[] = [];
  for (const [key, list] of sortedEntries(exposedPorts(config, hostConfig))) {
    const parsed = parsePortKey(key);
    if (!parsed || parsed.protocol !== "tcp") continue;
    const bindings: Partial<PortBinding>[] = list?.length ? list : hostConfig.PublishAllPorts ? [{}] : [];
    for (const binding of bindings) {
      requests.push({ hostIp: binding.HostIp ?? "", hostPort: Number(binding.HostPort || 0), containerPort: parsed.port, protocol: "tcp" });
    }
  }
  return requests;
}

/** Every exposed port (the image's EXPOSE, --expose, -p) with its bindings; null where it has none. */
function exposedPorts(config: ContainerConfig, hostConfig: HostConfig): PortMap {
  const ports: PortMap = {};
  for (const key of Object.keys(config.ExposedPorts ?? {})) ports[withProtocol(key)] = null;
  for (const [key, list] of Object.entries(hostConfig.PortBindings ?? {})) ports[withProtocol(key)] = list?.length ? list : null;
  return ports;
}

function withProtocol(key: string): string {
  return key.includes("/") ? key : `${key}/tcp`;
}

function sortedEntries(ports: PortMap): [string, PortMap[string]][] {
  return Object.entries(ports).sort(([a], [b]) => (parsePortKey(a)?.port ?? 0) - (parsePortKey(b)?.port ?? 0) || a.localeCompare(b));
}

/** NetworkSettings.Ports of a running container: each exposed port with the host ports it holds. */
export function portMapView(config: ContainerConfig, hostConfig: HostConfig, claimed: PublishedPort[]): PortMap {
  const view: PortMap = {};
  for (const [key] of sortedEntries(exposedPorts(config, hostConfig))) {
    const parsed = parsePortKey(key);
    const held = claimed.filter((port) => port.containerPort === parsed?.port && port.protocol === parsed.protocol);
    view[key] = held.length > 0 ? held.map((port) => ({ HostIp: port.hostIp, HostPort: String(port.hostPort) })) : null;
  }
  return view;
}

/** The container list's Ports of a running container: published ports with their host side, the other exposed ones bare. */
export function summaryPortsView(ports: PortMap): ContainerSummary["Ports"] {
  return Object.entries(ports).flatMap(([key, bindings]) => {
    const parsed = parsePortKey(key);
    if (!parsed) return [];
    if (!bindings) return [{ PrivatePort: parsed.port, Type: parsed.protocol }];
    return bindings.map((binding) => ({ IP: binding.HostIp, PrivatePort: parsed.port, PublicPort: Number(binding.HostPort), Type: parsed.protocol }));
  });
}
