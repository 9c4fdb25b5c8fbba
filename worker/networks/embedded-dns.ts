// Each container's embedded DNS server (Docker's 127.0.0.11): the agent binds the socket in the
// container's network namespace and hands its datagrams to the engine on a stdio handle; the
// engine answers each with the container's lookup. Opened before START, closed at exit.

import { answerDnsQuery, type DnsLookup } from "./dns-answer.ts";
import type { NetworkAgent } from "./network-agent.ts";

/** The stdio handles of DNS sockets are numbered apart from the inits', execs' and copies'. */
const firstDnsHandle = 0x2000_0000;

export class EmbeddedDns {
  #nextHandle = firstDnsHandle;
  readonly #detachers = new Map<string, () => void>();

  constructor(private readonly lookupFor: (containerId: string) => DnsLookup) {}

  /** Starts answering the container's queries; the handle goes into its START. */
  open(containerId: string, agent: Pick<NetworkAgent, "attachDatagrams" | "sendDatagram">): number {
    this.close(containerId);
    const handle = this.#nextHandle++;
    const lookup = this.lookupFor(containerId);
    const detach = agent.attachDatagrams(handle, (peer, message) => {
      const answer = answerDnsQuery(message, lookup);
      if (answer) void agent.sendDatagram(handle, peer, answer).catch(() => undefined);
    });
    this.#detachers.set(containerId, detach);
    return handle;
  }

  close(containerId: string): void {
    this.#detachers.get(containerId)?.();
    this.#detachers.delete(containerId);
  }
}
