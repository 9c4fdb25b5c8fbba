import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DnsForwarder, isLoopbackPeer, reachableServers } from "./dns-forwarder.ts";
import type { Endpoint } from "./endpoint-table.ts";

/** A stream 3 peer: address and port. */
function peer(address: string, port: number): Uint8Array {
  const bytes = new Uint8Array(6);
  bytes.set(address.split(".").map(Number));
  new DataView(bytes.buffer).setUint16(4, port);
  return bytes;
}

function peerText(bytes: Uint8Array): string {
  return `${[...bytes.subarray(0, 4)].join(".")}:${new DataView(bytes.buffer, bytes.byteOffset).getUint16(4)}`;
}

/** An A query for `name` with `id`, recursion desired. */
function query(id: number, name: string): Uint8Array {
  const labels = name.split(".").flatMap((label) => [label.length, ...new TextEncoder().encode(label)]);
  return Uint8Array.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
}

/** The server's reply to `asked` with `rcode` and one marker byte after it (what the client must get back unchanged). */
function reply(asked: Uint8Array, rcode = 0): Uint8Array {
  const answer = Uint8Array.from([...asked, 0xab]);
  answer[2] = 0x81;
  answer[3] = 0x80 | rcode;
  return answer;
}

const id = (message: Uint8Array) => (message[0]! << 8) | message[1]!;
const rcode = (message: Uint8Array) => message[3]! & 0x0f;

interface Sent {
  to: string;
  message: Uint8Array;
}

const client = peer("127.0.0.1", 40000);
const otherClient = peer("127.0.0.1", 40001);
let sent: Sent[];
let forwarder: DnsForwarder;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  forwarder = new DnsForwarder((to, message) => sent.push({ to: peerText(to), message }));
});

afterEach(() => {
  forwarder.close();
  vi.useRealTimers();
});

describe("the embedded DNS's forwarder", () => {
  it("sends the query to the first server and relays its reply to the client, unchanged", () => {
    const asked = query(0x1234, "printer.example.test");
    forwarder.forward(client, asked, ["10.89.0.2", "10.89.0.3"]);
    expect(sent).toEqual([{ to: "10.89.0.2:53", message: asked }]);
    const answer = reply(asked);
    forwarder.receive(peer("10.89.0.2", 53), answer);
    expect(sent[1]).toEqual({ to: "127.0.0.1:40000", message: answer });
    // A second copy of the reply finds nothing pending.
    forwarder.receive(peer("10.89.0.2", 53), answer);
    expect(sent).toHaveLength(2);
  });

  it("ignores datagrams that answer nothing it asked: another server, another port, another id, a query", () => {
    const asked = query(7, "a.test");
    forwarder.forward(client, asked, ["10.89.0.2"]);
    forwarder.receive(peer("10.89.0.9", 53), reply(asked));
    forwarder.receive(peer("10.89.0.2", 5353), reply(asked));
    forwarder.receive(peer("10.89.0.2", 53), reply(query(8, "a.test")));
    forwarder.receive(peer("10.89.0.2", 53), asked);
    forwarder.receive(peer("10.89.0.2", 53), new Uint8Array(5));
    expect(sent).toHaveLength(1);
    forwarder.receive(peer("10.89.0.2", 53), reply(asked));
    expect(sent.map(({ to }) => to)).toEqual(["10.89.0.2:53", "127.0.0.1:40000"]);
  });

  it("gives each server four seconds, then asks the next; SERVFAIL when none is left", () => {
    const asked = query(99, "slow.test");
    forwarder.forward(client, asked, ["10.89.0.2", "10.89.0.3"]);
    vi.advanceTimersByTime(3999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.map(({ to }) => to)).toEqual(["10.89.0.2:53", "10.89.0.3:53"]);
    // The first server's late reply is no longer wanted.
    forwarder.receive(peer("10.89.0.2", 53), reply(asked));
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(4000);
    expect(sent[2]!.to).toBe("127.0.0.1:40000");
    expect(id(sent[2]!.message)).toBe(99);
    expect(rcode(sent[2]!.message)).toBe(2);
    expect(sent[2]!.message[2]! & 0x80).toBe(0x80);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(3);
  });

  it("hands a query that got SERVFAIL or REFUSED to the next server, and relays NXDOMAIN as it is", () => {
    const asked = query(5, "missing.test");
    forwarder.forward(client, asked, ["10.89.0.2", "10.89.0.3", "10.89.0.4"]);
    forwarder.receive(peer("10.89.0.2", 53), reply(asked, 2));
    forwarder.receive(peer("10.89.0.3", 53), reply(asked, 5));
    expect(sent.map(({ to }) => to)).toEqual(["10.89.0.2:53", "10.89.0.3:53", "10.89.0.4:53"]);
    const nxdomain = reply(asked, 3);
    forwarder.receive(peer("10.89.0.4", 53), nxdomain);
    expect(sent[3]).toEqual({ to: "127.0.0.1:40000", message: nxdomain });
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(4);
  });

  it("sends a client's retry to the server asked now instead of asking twice", () => {
    const asked = query(3, "retry.test");
    forwarder.forward(client, asked, ["10.89.0.2"]);
    forwarder.forward(client, asked, ["10.89.0.2"]);
    expect(sent.map(({ to }) => to)).toEqual(["10.89.0.2:53", "10.89.0.2:53"]);
    forwarder.receive(peer("10.89.0.2", 53), reply(asked));
    forwarder.receive(peer("10.89.0.2", 53), reply(asked));
    expect(sent.filter(({ to }) => to === "127.0.0.1:40000")).toHaveLength(1);
  });

  it("gives two clients' queries with one id different ids upstream, and each its own answer with its id", () => {
    const first = query(0x4242, "one.test");
    const second = query(0x4242, "two.test");
    forwarder.forward(client, first, ["10.89.0.2"]);
    forwarder.forward(otherClient, second, ["10.89.0.2"]);
    const [upFirst, upSecond] = [sent[0]!.message, sent[1]!.message];
    expect(id(upFirst)).toBe(0x4242);
    expect(id(upSecond)).not.toBe(0x4242);
    forwarder.receive(peer("10.89.0.2", 53), reply(upSecond));
    forwarder.receive(peer("10.89.0.2", 53), reply(upFirst));
    expect(sent[2]!.to).toBe("127.0.0.1:40001");
    expect(id(sent[2]!.message)).toBe(0x4242);
    expect(new TextDecoder().decode(sent[2]!.message)).toContain("two");
    expect(sent[3]!.to).toBe("127.0.0.1:40000");
    expect(new TextDecoder().decode(sent[3]!.message)).toContain("one");
  });

  it("answers SERVFAIL at once beyond 1024 queries waiting, as Docker's cap does", () => {
    for (let n = 0; n < 1024; n++) forwarder.forward(peer("127.0.0.1", 1000 + n), query(n, "many.test"), ["10.89.0.2"]);
    expect(sent).toHaveLength(1024);
    forwarder.forward(client, query(1, "one-more.test"), ["10.89.0.2"]);
    expect(sent[1024]!.to).toBe("127.0.0.1:40000");
    expect(rcode(sent[1024]!.message)).toBe(2);
  });

  it("sends nothing more once closed", () => {
    forwarder.forward(client, query(1, "a.test"), ["10.89.0.2"]);
    forwarder.close();
    vi.advanceTimersByTime(60_000);
    forwarder.receive(peer("10.89.0.2", 53), reply(query(1, "a.test")));
    expect(sent).toHaveLength(1);
  });
});

function endpoint(address: string, prefixLength: number): Endpoint {
  return { containerId: "c", networkId: "n", endpointId: "e", interfaceName: "eth0", address, prefixLength, gateway: "", mac: "" };
}

describe("the --dns servers a container reaches", () => {
  it("are those inside the subnet of one of its networks, in the order given", () => {
    const endpoints = [endpoint("10.89.0.5", 24), endpoint("172.18.0.3", 16)];
    expect(reachableServers(["8.8.8.8", "172.18.200.1", "10.89.0.2", "10.89.1.2"], endpoints)).toEqual(["172.18.200.1", "10.89.0.2"]);
  });

  it("leave out loopback, IPv6 and what is not an address, and are none without a network address", () => {
    const endpoints = [endpoint("127.0.0.5", 8), endpoint("10.89.0.5", 24)];
    expect(reachableServers(["127.0.0.1", "::1", "2001:db8::1", "printer", "10.89.0.2"], endpoints)).toEqual(["10.89.0.2"]);
    expect(reachableServers(["10.89.0.2"], [endpoint("", 0)])).toEqual([]);
  });

  it("tell a client of 127.0.0.11 (loopback) from a server by the peer's address", () => {
    expect(isLoopbackPeer(peer("127.0.0.1", 5000))).toBe(true);
    expect(isLoopbackPeer(peer("10.89.0.2", 53))).toBe(false);
  });
});
