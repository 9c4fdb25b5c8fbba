// Where the egress relay may connect, so it never acts as an open relay: the package mirrors and
// registries containers install from, on ports 80 and 443, plus what the operator lists; never a
// private, loopback or link-local address unless the operator listed that very host and port. A
// host name is resolved here and the relay connects to the address that was checked, so a name
// cannot be re-pointed at a private address between the check and the connection.

import { isPrivateAddressLiteral } from "../private-address.ts";
import { canonicalHost, defaultRegistryHosts } from "../registry-hosts.ts";

/** Package sources reachable by default (ports 80 and 443): distribution mirrors, PyPI, npm. */
export const defaultEgressHosts: readonly string[] = [
  "deb.debian.org",
  "security.debian.org",
  "archive.ubuntu.com",
  "security.ubuntu.com",
  "ports.ubuntu.com",
  "dl-cdn.alpinelinux.org",
  "pypi.org",
  "files.pythonhosted.org",
  "registry.npmjs.org",
];

const DEFAULT_PORTS: readonly number[] = [80, 443];

/**
 * The relay's own machine, as Docker Desktop names the host for containers. It is loopback, so only
 * reachable on the host:port entries the operator lists (BERTH_ALLOW_EGRESS=host.docker.internal:8080).
 */
export const HOST_ALIAS = "host.docker.internal";

export type EgressDecision = { allowed: true; address: string } | { allowed: false; reason: "blocked" | "unreachable"; message: string };

export interface EgressPolicyOptions {
  /** Extra "host:port" entries (BERTH_ALLOW_EGRESS); these may be private or loopback. */
  allowEgress: readonly string[];
  /** Registries the registry proxy reaches ("host[:port]"); containers may reach them too. */
  allowRegistries: readonly string[];
  /** The addresses a host name resolves to (IPv4 or IPv6 literals); rejects when it does not resolve. */
  resolve(hostname: string): Promise<string[]>;
}

export interface EgressPolicy {
  decide(host: string, port: number): Promise<EgressDecision>;
}

export function createEgressPolicy(options: EgressPolicyOptions): EgressPolicy {
  const publicTargets = new Set<string>();
  for (const host of [...defaultEgressHosts, ...defaultRegistryHosts]) for (const port of DEFAULT_PORTS) publicTargets.add(`${host}:${port}`);
  const configuredTargets = new Set<string>();
  for (const entry of options.allowRegistries) {
    const target = hostPortTarget(entry, 443);
    if (target) configuredTargets.add(target);
  }
  for (const entry of options.allowEgress) {
    const target = hostPortTarget(entry);
    if (target) configuredTargets.add(target);
  }

  return {
    async decide(host, port) {
      const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
      const hostname = canonicalHost(bracketed)?.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
      if (!hostname || !Number.isInteger(port) || port < 1 || port > 65535) {
        return { allowed: false, reason: "blocked", message: `${host}:${port} is not a host and port` };
      }
      const target = `${hostname}:${port}`;
      const configured = configuredTargets.has(target);
      if (!configured && !publicTargets.has(target)) {
        return { allowed: false, reason: "blocked", message: `${target} is not on the egress allowlist (BERTH_ALLOW_EGRESS adds host:port entries)` };
      }
      let addresses: string[];
      try {
        addresses = isIpLiteral(hostname) ? [hostname] : hostname === HOST_ALIAS ? ["127.0.0.1"] : await options.resolve(hostname);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0) return { allowed: false, reason: "unreachable", message: `${hostname} does not resolve` };
      if (!configured) {
        const privateAddress = addresses.find((address) => isPrivateAddressLiteral(address));
        if (privateAddress) return { allowed: false, reason: "blocked", message: `${hostname} resolves to the private address ${privateAddress}` };
      }
      return { allowed: true, address: addresses[0] };
    },
  };
}

/** The TCP ports containers may connect out on: 80, 443 and those of the operator's entries. */
export function egressPorts(allowEgress: readonly string[]): number[] {
  const ports = new Set<number>(DEFAULT_PORTS);
  for (const entry of allowEgress) {
    const port = Number(hostPortTarget(entry)?.split(":").at(-1));
    if (port) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

/** Parses BERTH_ALLOW_EGRESS: comma-separated host:port entries; invalid entries throw. */
export function allowEgressFromEnv(value: string | undefined): string[] {
  if (value === undefined) return [];
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const entry of entries) {
    if (!hostPortTarget(entry)) throw new Error(`BERTH_ALLOW_EGRESS: not a host:port: ${entry}`);
  }
  return entries;
}

/** "hostname:port" with the host canonical and without brackets, or undefined if malformed. */
function hostPortTarget(entry: string, defaultPort?: number): string | undefined {
  const canonical = canonicalHost(entry);
  if (!canonical) return undefined;
  const match = /^(.*?)(?::(\d+))?$/.exec(canonical);
  const hostname = match?.[1]?.replace(/^\[(.*)\]$/, "$1");
  // canonicalHost drops :443, so an entry without a port after it means 443 unless a default applies.
  const portText = match?.[2] ?? (/:443$/.test(entry) ? "443" : defaultPort?.toString());
  const port = Number(portText);
  if (!hostname || !portText || port < 1 || port > 65535) return undefined;
  return `${hostname}:${port}`;
}

function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.includes(":");
}
