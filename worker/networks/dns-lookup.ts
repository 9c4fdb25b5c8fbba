// Which names a container's embedded DNS resolves, as Docker's: on each user-defined network the
// container is on, the DNS names (container name, network aliases, short id, hostname) of every
// running container on that network, also as "<name>.<network>". The default bridge resolves
// none of them. Names compare without regard to case.

import type { DnsLookup } from "./dns-answer.ts";
import type { EndpointTable } from "./endpoint-table.ts";
import { isUserDefined } from "./network-mode.ts";
import type { NetworkRecord } from "./network-record.ts";

export interface DnsDirectory {
  endpoints: EndpointTable;
  network(id: string): NetworkRecord | undefined;
  /** The DNS names of a container on a network (its endpoint's DNSNames). */
  dnsNames(containerId: string, networkName: string): readonly string[];
}

/** The lookup of the container `askingId`: the addresses of a name on the networks it shares. */
export function dnsLookupFor(directory: DnsDirectory, askingId: string): DnsLookup {
  return (name) => {
    const addresses = new Set<string>();
    for (const own of directory.endpoints.ofContainer(askingId)) {
      const network = directory.network(own.networkId);
      if (!network || !isUserDefined(network.name)) continue;
      const suffix = `.${network.name.toLowerCase()}`;
      const wanted = name.endsWith(suffix) ? [name, name.slice(0, -suffix.length)] : [name];
      for (const peer of directory.endpoints.onNetwork(network.id)) {
        const names = directory.dnsNames(peer.containerId, network.name).map((known) => known.toLowerCase());
        if (peer.address && wanted.some((candidate) => names.includes(candidate))) addresses.add(peer.address);
      }
    }
    return addresses.size > 0 ? [...addresses] : undefined;
  };
}

/**
 * Names outside the guest: a name with a dot (asked after the containers' names) gets a stand-in
 * address (EgressAddresses), through which the container reaches that host via the egress relay,
 * while `hasWayOut` holds (not on --internal networks only). Single-label names stay unknown, so a
 * container name from another network is not mistaken for a host outside.
 */
export function egressNames(standIn: (name: string) => string, hasWayOut: () => boolean): DnsLookup {
  return (name) => (name.includes(".") && hasWayOut() ? [standIn(name)] : undefined);
}
