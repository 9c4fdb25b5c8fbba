// The files a container sees as /etc/hosts, /etc/hostname and /etc/resolv.conf: the engine writes
// them into the container's bundle directory in the guest (/run/berth/<id>/) before each start and
// the runtime spec bind-mounts them, as dockerd does with its copies beside each container. Their
// contents follow Docker's: the localhost block, the --add-host entries, then one line per address
// of the container naming its hostname; resolv.conf points at the embedded DNS on bridge networks.

import { EngineError } from "../../src/api/errors.ts";
import type { HostConfig } from "../../src/api/container-types.ts";
import type { RootfsTree } from "../rootfs/tree.ts";
import type { BundleFileLeaf } from "../vm/agent-client.ts";
import { parseIP } from "../../src/api/ip-address.ts";

export const BUNDLE_FILES: readonly BundleFileLeaf[] = ["hosts", "hostname", "resolv.conf"];

/** Where the agent keeps a container's bundle files and network namespace. */
export function guestBundlePath(containerId: string, leaf: BundleFileLeaf | "netns"): string {
  return `/run/berth/${containerId}/${leaf}`;
}

/**
 * An image's tree as the guest gets it: with an empty /etc/hosts, /etc/hostname and
 * /etc/resolv.conf where the image has none, so the runtime's bind mounts find their targets in the
 * image shared by its containers and never make them in a container's writable layer (Docker keeps
 * them in its init layer, out of diff, commit and build steps).
 */
export function withBundleFileTargets(tree: RootfsTree): RootfsTree {
  const etc = tree.get("etc");
  const missing = BUNDLE_FILES.filter((leaf) => !tree.has(`etc/${leaf}`));
  if ((etc && etc.type !== "dir") || missing.length === 0) return tree;
  const withTargets = new Map(tree);
  const owner = { uid: 0, gid: 0, mtime: 0 };
  if (!etc) withTargets.set("etc", { path: "etc", type: "dir", mode: 0o755, ...owner });
  for (const leaf of missing) withTargets.set(`etc/${leaf}`, { path: `etc/${leaf}`, type: "file", mode: 0o644, ...owner, data: new Uint8Array() });
  return withTargets;
}

/** The embedded DNS server's address inside each container's network namespace. */
export const EMBEDDED_DNS_ADDRESS = "127.0.0.11";

/** What --add-host's "host-gateway" stands for: the default bridge's gateway, the guest itself. */
const HOST_GATEWAY_ADDRESS = "172.17.0.1";

const localhostBlock = [
  "127.0.0.1\tlocalhost",
  "::1\tlocalhost ip6-localhost ip6-loopback",
  "fe00::0\tip6-localnet",
  "ff00::0\tip6-mcastprefix",
  "ff02::1\tip6-allnodes",
  "ff02::2\tip6-allrouters",
];

export interface BundleFileFacts {
  hostname: string;
  domainname?: string;
  hostConfig: HostConfig;
  /** The container's addresses, one per bridge network it is on. */
  addresses: string[];
  /** The embedded DNS serves the container (bridge networks and the host namespace; not --network none). */
  embeddedDns: boolean;
}

/** The three files' contents. */
export function bundleFileContents(facts: BundleFileFacts): Record<BundleFileLeaf, string> {
  return { hosts: hostsFile(facts), hostname: `${facts.hostname}\n`, "resolv.conf": resolvConf(facts.hostConfig, facts.embeddedDns) };
}

function hostsFile(facts: BundleFileFacts): string {
  const names = facts.domainname ? `${facts.hostname}.${facts.domainname} ${facts.hostname}` : facts.hostname;
  const extra = (facts.hostConfig.ExtraHosts ?? []).map((entry) => {
    const [name, address] = splitExtraHost(entry);
    return `${address === "host-gateway" ? HOST_GATEWAY_ADDRESS : address}\t${name}`;
  });
  return [...localhostBlock, ...extra, ...facts.addresses.map((address) => `${address}\t${names}`)].join("\n") + "\n";
}

/**
 * With the embedded DNS its address, and the --dns-option options followed by the ndots:0 the
 * embedded server asks for unless they set a valid ndots themselves (an invalid one is dropped), as
 * Docker writes; else no name server.
 */
function resolvConf(hostConfig: HostConfig, embeddedDns: boolean): string {
  const lines = embeddedDns ? [`nameserver ${EMBEDDED_DNS_ADDRESS}`] : ["# no name server: the container has no network"];
  if (hostConfig.DnsSearch?.length) lines.push(`search ${hostConfig.DnsSearch.join(" ")}`);
  const given = hostConfig.DnsOptions ?? [];
  const options = embeddedDns ? given.filter((option) => !option.startsWith("ndots:") || /^ndots:\d+$/.test(option)) : given;
  if (embeddedDns && !options.some((option) => option.startsWith("ndots:"))) options.push("ndots:0");
  if (options.length > 0) lines.push(`options ${options.join(" ")}`);
  return lines.join("\n") + "\n";
}

/** Docker's checks of --add-host entries ("name:address", address may be IPv6 or host-gateway). */
export function validateExtraHosts(entries: string[]): void {
  for (const entry of entries) {
    const [name, address] = splitExtraHost(entry);
    if (!name || address === undefined) throw new EngineError("invalid", `bad format for add-host: "${entry}"`);
    if (address !== "host-gateway" && parseIP(address) === undefined) {
      throw new EngineError("invalid", `invalid IP address in add-host: "${address}"`);
    }
  }
}

/** Splits at the first ":" (an IPv6 address keeps its own colons); undefined address when there is none. */
function splitExtraHost(entry: string): [string, string | undefined] {
  const colon = entry.indexOf(":");
  return colon === -1 ? [entry, undefined] : [entry.slice(0, colon), entry.slice(colon + 1).replace(/^\[(.*)\]$/, "$1")];
}
