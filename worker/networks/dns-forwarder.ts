// The embedded DNS server's forwarding, as Docker's: a query for a name no container answers to goes
// to the container's --dns servers in order, each given a few seconds; a server that times out or
// answers SERVFAIL or REFUSED hands the query to the next, and when none is left the client gets
// SERVFAIL. Any other reply goes back to the client unchanged but for its id. The queries leave from
// the agent's forwarding socket in the container's namespace (agent protocol 5, stream 3), so only
// servers the container itself reaches inside the guest can be asked: one on a network it is on.
// Servers outside the guest (--dns 8.8.8.8) cannot be reached from it; the embedded DNS leaves their
// names to the egress stand-ins, whose relay resolves them outside, as such a server would.

import { serverFailure } from "./dns-answer.ts";
import type { Endpoint } from "./endpoint-table.ts";
import { formatIpv4, parseIpv4, prefixContains } from "./ipv4.ts";

/** A peer as stream 3 names it: 4 address bytes and a 2-byte port, network order. */
export type DatagramPeer = Uint8Array;

/** Docker's embedded DNS gives each external server this long (extIOTimeout). */
const SERVER_TIMEOUT_MS = 4000;
/** Docker's cap on queries forwarded at once (maxConcurrent); more get SERVFAIL at once. */
const MAX_PENDING = 1024;
const DNS_PORT = 53;
const HEADER_BYTES = 12;
const RCODE_SERVFAIL = 2;
const RCODE_REFUSED = 5;
const LOOPBACK_FIRST_OCTET = 127;

/**
 * The --dns servers (HostConfig.Dns) that a container with `endpoints` reaches from its own
 * namespace: IPv4 addresses inside the subnet of one of its networks, in the order given. Loopback
 * addresses are never among them: there the container's own loopback would answer, not the host's.
 */
export function reachableServers(servers: readonly string[], endpoints: readonly Endpoint[]): string[] {
  return servers.filter((server) => {
    const address = parseIpv4(server);
    if (address === undefined || address >>> 24 === LOOPBACK_FIRST_OCTET) return false;
    return endpoints.some((endpoint) => {
      const own = endpoint.address ? parseIpv4(endpoint.address) : undefined;
      return own !== undefined && prefixContains({ address: own, length: endpoint.prefixLength }, address);
    });
  });
}

/** Whether a stream 3 peer is a client of 127.0.0.11 (always on the container's loopback) rather than a server. */
export function isLoopbackPeer(peer: DatagramPeer): boolean {
  return peer[0] === LOOPBACK_FIRST_OCTET;
}

interface PendingQuery {
  client: DatagramPeer;
  query: Uint8Array;
  servers: readonly string[];
  /** Which of the servers is asked now, and that server as a peer. */
  attempt: number;
  server: DatagramPeer;
  /** The id the query carries to the server: the client's, unless another pending query to that server has it. */
  upstreamId: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** The forwarding of one container's embedded DNS; `send` puts a datagram on its DNS handle. */
export class DnsForwarder {
  /** By server peer and upstream id. */
  readonly #byUpstream = new Map<string, PendingQuery>();
  /** By client peer and the client's id, to recognize a client's retry. */
  readonly #byClient = new Map<string, PendingQuery>();

  constructor(private readonly send: (peer: DatagramPeer, message: Uint8Array) => void) {}

  /** Asks `servers` (at least one, in order) the client's query, a standard query of at least a header. */
  forward(client: DatagramPeer, query: Uint8Array, servers: readonly string[]): void {
    const retried = this.#byClient.get(queryKey(client, messageId(query)));
    if (retried) {
      // The client asked again before an answer came: the server asked now gets the query again.
      this.#sendUpstream(retried);
      return;
    }
    if (this.#byClient.size >= MAX_PENDING || servers.length === 0) {
      this.send(client, serverFailure(query));
      return;
    }
    const pending: PendingQuery = { client, query, servers, attempt: 0, server: serverPeer(servers[0]!), upstreamId: 0 };
    this.#byClient.set(queryKey(client, messageId(query)), pending);
    this.#ask(pending);
  }

  /** A datagram from a server (a peer outside 127.0.0.0/8); ignored unless it answers a pending query. */
  receive(server: DatagramPeer, reply: Uint8Array): void {
    if (reply.length < HEADER_BYTES || !(reply[2] & 0x80)) return;
    const pending = this.#byUpstream.get(queryKey(server, messageId(reply)));
    if (!pending) return;
    const rcode = reply[3] & 0x0f;
    if (rcode === RCODE_SERVFAIL || rcode === RCODE_REFUSED) {
      this.#next(pending);
      return;
    }
    this.#finish(pending);
    const answer = reply.slice();
    setMessageId(answer, messageId(pending.query));
    this.send(pending.client, answer);
  }

  /** Forgets every pending query (the container's DNS socket closed): no answer goes out any more. */
  close(): void {
    for (const pending of this.#byClient.values()) clearTimeout(pending.timer);
    this.#byClient.clear();
    this.#byUpstream.clear();
  }

  #ask(pending: PendingQuery): void {
    pending.server = serverPeer(pending.servers[pending.attempt]!);
    pending.upstreamId = this.#freeId(pending.server, messageId(pending.query));
    this.#byUpstream.set(queryKey(pending.server, pending.upstreamId), pending);
    pending.timer = setTimeout(() => this.#next(pending), SERVER_TIMEOUT_MS);
    this.#sendUpstream(pending);
  }

  #sendUpstream(pending: PendingQuery): void {
    const query = pending.query.slice();
    setMessageId(query, pending.upstreamId);
    this.send(pending.server, query);
  }

  /** The server asked now failed: the next one, or SERVFAIL when none is left. */
  #next(pending: PendingQuery): void {
    clearTimeout(pending.timer);
    this.#byUpstream.delete(queryKey(pending.server, pending.upstreamId));
    if (pending.attempt + 1 < pending.servers.length) {
      pending.attempt += 1;
      this.#ask(pending);
      return;
    }
    this.#finish(pending);
    this.send(pending.client, serverFailure(pending.query));
  }

  #finish(pending: PendingQuery): void {
    clearTimeout(pending.timer);
    this.#byUpstream.delete(queryKey(pending.server, pending.upstreamId));
    this.#byClient.delete(queryKey(pending.client, messageId(pending.query)));
  }

  /** `wanted` unless a pending query to `server` carries it; else the next free id after it. */
  #freeId(server: DatagramPeer, wanted: number): number {
    let id = wanted;
    while (this.#byUpstream.has(queryKey(server, id))) id = (id + 1) & 0xffff;
    return id;
  }
}

function messageId(message: Uint8Array): number {
  return (message[0] << 8) | message[1];
}

function setMessageId(message: Uint8Array, id: number): void {
  message[0] = id >> 8;
  message[1] = id & 0xff;
}

/** Port 53 of `address`, as stream 3 names it. */
function serverPeer(address: string): DatagramPeer {
  const peer = new Uint8Array(6);
  const view = new DataView(peer.buffer);
  view.setUint32(0, parseIpv4(address)!);
  view.setUint16(4, DNS_PORT);
  return peer;
}

function peerText(peer: DatagramPeer): string {
  const view = new DataView(peer.buffer, peer.byteOffset, peer.byteLength);
  return `${formatIpv4(view.getUint32(0))}:${view.getUint16(4)}`;
}

/** A peer and a message id, as a map key. */
function queryKey(peer: DatagramPeer, id: number): string {
  return `${peerText(peer)}#${id}`;
}
