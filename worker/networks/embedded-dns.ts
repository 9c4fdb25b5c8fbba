// Each container's embedded DNS server (Docker's 127.0.0.11): the agent binds the socket in the
// container's network namespace and hands its datagrams to the engine on a stdio handle; the
// engine answers each as Docker's does: names of containers on shared networks first; any other
// name goes to the container's --dns servers that it reaches inside the guest (DnsForwarder), whose
// replies come back on the same handle; without such a server, outside names get egress stand-ins
// where the container has a way out. Opened before START, closed at exit.

import { answerDnsQuery, standardQueryName, type DnsLookup } from "./dns-answer.ts";
import { DnsForwarder, isLoopbackPeer } from "./dns-forwarder.ts";
import type { NetworkAgent } from "./network-agent.ts";

/** How one container's names are answered; asked again for each query, as its networks change. */
export interface ContainerDns {
  /** The containers on the networks it shares (dnsLookupFor). */
  names: DnsLookup;
  /** Its --dns servers it reaches inside the guest, in order (reachableServers). */
  servers(): string[];
  /** Names outside the guest, when no server is reachable: egress stand-ins, if it has a way out. */
  outside?: DnsLookup;
}

/** The stdio handles of DNS sockets are numbered apart from the inits', execs' and copies'. */
const firstDnsHandle = 0x2000_0000;

export class EmbeddedDns {
  #nextHandle = firstDnsHandle;
  readonly #closers = new Map<string, () => void>();

  constructor(private readonly dnsFor: (containerId: string) => ContainerDns) {}

  /** Starts answering the container's queries; the handle goes into its START. */
  open(containerId: string, agent: Pick<NetworkAgent, "attachDatagrams" | "sendDatagram">): number {
    this.close(containerId);
    const handle = this.#nextHandle++;
    const dns = this.dnsFor(containerId);
    const send = (peer: Uint8Array, message: Uint8Array) => void agent.sendDatagram(handle, peer, message).catch(() => undefined);
    const forwarder = new DnsForwarder(send);
    const detach = agent.attachDatagrams(handle, (peer, message) => {
      if (!isLoopbackPeer(peer)) return forwarder.receive(peer, message);
      const servers = dns.servers();
      const name = servers.length > 0 ? standardQueryName(message) : undefined;
      if (name !== undefined && !dns.names(name)) return forwarder.forward(peer, message, servers);
      const { names, outside } = dns;
      const answer = answerDnsQuery(message, outside && servers.length === 0 ? (asked) => names(asked) ?? outside(asked) : names);
      if (answer) send(peer, answer);
    });
    this.#closers.set(containerId, () => {
      detach();
      forwarder.close();
    });
    return handle;
  }

  close(containerId: string): void {
    this.#closers.get(containerId)?.();
    this.#closers.delete(containerId);
  }
}
