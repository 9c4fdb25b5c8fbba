import { afterEach, describe, expect, it } from "vitest";
import type { DnsLookup } from "./dns-answer.ts";
import { EmbeddedDns } from "./embedded-dns.ts";
import type { NetworkAgent } from "./network-agent.ts";

const containerId = "c".repeat(64);
const client = Uint8Array.from([127, 0, 0, 1, 0x9c, 0x40]);
const server = Uint8Array.from([10, 89, 0, 2, 0, 53]);

function query(id: number, name: string): Uint8Array {
  const labels = name.split(".").flatMap((label) => [label.length, ...new TextEncoder().encode(label)]);
  return Uint8Array.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
}

/** The address of an answer with one A record (its last 4 bytes), or undefined when it has none. */
function onlyAddress(answer: Uint8Array): string | undefined {
  const count = (answer[6]! << 8) | answer[7]!;
  return count === 1 ? [...answer.subarray(-4)].join(".") : undefined;
}

/** An agent whose DNS handle is driven by hand: `deliver` is a datagram from the guest, `sent` what the engine sent back. */
function handAgent() {
  let listener: ((peer: Uint8Array, message: Uint8Array) => void) | undefined;
  const sent: { to: string; message: Uint8Array }[] = [];
  const agent: Pick<NetworkAgent, "attachDatagrams" | "sendDatagram"> = {
    attachDatagrams: (_handle, deliver) => {
      listener = deliver;
      return () => (listener = undefined);
    },
    sendDatagram: async (_handle, peer, message) => {
      sent.push({ to: [...peer.subarray(0, 4)].join("."), message });
    },
  };
  return { agent, sent, deliver: (peer: Uint8Array, message: Uint8Array) => listener?.(peer, message) };
}

const names: DnsLookup = (name) => (name === "cache" ? ["172.18.0.3"] : undefined);
const outside: DnsLookup = (name) => (name.includes(".") ? ["198.18.0.1"] : undefined);
let dns: EmbeddedDns | undefined;

afterEach(() => dns?.close(containerId));

describe("a container's embedded DNS server with --dns", () => {
  it("answers container names itself, forwards other names to a reachable server and relays its reply", () => {
    const { agent, sent, deliver } = handAgent();
    dns = new EmbeddedDns(() => ({ names, servers: () => ["10.89.0.2"], outside }));
    dns.open(containerId, agent);
    deliver(client, query(1, "cache"));
    expect(sent[0]!.to).toBe("127.0.0.1");
    expect(onlyAddress(sent[0]!.message)).toBe("172.18.0.3");
    const asked = query(2, "printer.example.test");
    deliver(client, asked);
    expect(sent[1]).toEqual({ to: "10.89.0.2", message: asked });
    const reply = Uint8Array.from([...asked, 0xee]);
    reply[2] = 0x81;
    reply[3] = 0x80;
    deliver(server, reply);
    expect(sent[2]).toEqual({ to: "127.0.0.1", message: reply });
  });

  it("gives outside names egress stand-ins only when no server is reachable", () => {
    const { agent, sent, deliver } = handAgent();
    dns = new EmbeddedDns(() => ({ names, servers: () => [], outside }));
    dns.open(containerId, agent);
    deliver(client, query(3, "printer.example.test"));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe("127.0.0.1");
    expect(onlyAddress(sent[0]!.message)).toBe("198.18.0.1");
  });

  it("stops forwarding replies once closed", () => {
    const { agent, sent, deliver } = handAgent();
    dns = new EmbeddedDns(() => ({ names, servers: () => ["10.89.0.2"] }));
    dns.open(containerId, agent);
    deliver(client, query(4, "late.test"));
    dns.close(containerId);
    const reply = query(4, "late.test");
    reply[2] = 0x81;
    deliver(server, reply);
    expect(sent).toHaveLength(1);
  });
});
