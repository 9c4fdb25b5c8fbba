// The network setup the agent takes in START (and NET_CONNECT's interface line): the container's
// interfaces on guest bridges, or the shared host namespace, and its DNS socket.

import { ProtocolError } from "./agent-protocol.ts";

/** A container's network interface: a veth pair from its network namespace to a guest bridge. */
export interface GuestInterface {
  /** In the container: eth0, eth1, … (at most 15 characters). */
  name: string;
  /** The guest bridge: `docker0`, or `br-<first 12 hex of the network id>`; made on first use. */
  bridge: string;
  /** The bridge's address with the subnet's prefix length, e.g. "172.18.0.1/16". */
  gateway: string;
  /** The container's address with the prefix length, e.g. "172.18.0.2/16". */
  address: string;
  /** e.g. "02:42:ac:12:00:02". */
  mac: string;
  /** This gateway may carry the container's default route (not on --internal networks): the agent routes through the first such interface, and through the oldest remaining one when that goes. */
  defaultRoute?: boolean;
}

/** Where the agent keeps the shared host namespace (config.json of a host-mode container names it). */
export const HOST_NETNS_PATH = "/run/berth/host-netns";

export interface GuestNetworkSetup {
  /**
   * A stdio handle for the container's DNS socket (127.0.0.11:53); see attachDatagrams. In the
   * shared host namespace every container has a socket of its own there, each handed some queries.
   */
  dnsHandle?: number;
  /** In order; the first marked defaultRoute, if any, gives the default route. */
  interfaces: GuestInterface[];
  /**
   * `--network host` (with no interfaces): the container joins the guest's shared host namespace
   * (/run/berth/host-netns, which config.json must name), made by the first such container with
   * this interface (eth0) and removed after the last one.
   */
  host?: Omit<GuestInterface, "name" | "defaultRoute">;
}

/** START's network field: `dns <handle>`, then one `eth …` line per interface or one `host …` line. */
export function networkSetupText(setup: GuestNetworkSetup): string {
  if (setup.host && setup.interfaces.length > 0) throw new ProtocolError("a host network setup has no interfaces of its own");
  const lines = setup.dnsHandle === undefined ? [] : [`dns ${setup.dnsHandle}`];
  const links = setup.host ? [hostLine(setup.host)] : setup.interfaces.map(interfaceLine);
  return [...lines, ...links].join("\n");
}

/** `eth <ifname> <bridge> <gateway>/<prefix> <address>/<prefix> <mac> [default]` */
export function interfaceLine(iface: GuestInterface): string {
  const words = [iface.name, iface.bridge, iface.gateway, iface.address, iface.mac];
  return linkLine("eth", iface, iface.defaultRoute ? [...words, "default"] : words);
}

/** `host <bridge> <gateway>/<prefix> <address>/<prefix> <mac>` (the agent always routes through it) */
function hostLine(iface: Omit<GuestInterface, "name" | "defaultRoute">): string {
  return linkLine("host", iface, [iface.bridge, iface.gateway, iface.address, iface.mac]);
}

function linkLine(keyword: string, iface: object, words: string[]): string {
  if (words.some((word) => !/^\S+$/.test(word))) {
    throw new ProtocolError(`interface ${JSON.stringify(iface)} has an empty field or one with white space`);
  }
  return [keyword, ...words].join(" ");
}
