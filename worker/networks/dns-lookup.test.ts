import { createSocket, type Socket } from "node:dgram";
import { Resolver } from "node:dns/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { dnsLookupFor, type DnsDirectory } from "./dns-lookup.ts";
import { EmbeddedDns } from "./embedded-dns.ts";
import { EndpointTable } from "./endpoint-table.ts";
import { NetworkIndex } from "./network-index.ts";
import type { NetworkAgent } from "./network-agent.ts";
import type { NetworkRecord } from "./network-record.ts";

const id = (letter: string) => letter.repeat(64);
const networks = new NetworkIndex(new MemoryRecordStore());
const endpoints = new EndpointTable();
/** Container id → network name → its DNS names (what container records hold once started). */
const names = new Map<string, Record<string, string[]>>();
const directory: DnsDirectory = {
  endpoints,
  network: (networkId) => networks.get(networkId),
  dnsNames: (containerId, networkName) => names.get(containerId)?.[networkName] ?? [],
};

function userNetwork(name: string, letter: string, subnet: string): NetworkRecord {
  const gateway = subnet.replace(/0\/16$/, "1");
  return {
    id: id(letter),
    name,
    created: "2024-05-01T12:00:00.000000000Z",
    driver: "bridge",
    internal: false,
    attachable: false,
    addressing: { subnet, gateway, userSubnet: false, userGateway: false },
    ipamOptions: {},
    options: {},
    labels: {},
  };
}

/** Starts container `letter` on each network with the DNS names it would have there. */
function run(letter: string, on: Record<string, string[]>): void {
  for (const networkName of Object.keys(on)) endpoints.open(id(letter), networks.find(networkName));
  names.set(id(letter), on);
}

beforeAll(async () => {
  await networks.load();
  networks.add(userNetwork("app", "a", "172.18.0.0/16"));
  networks.add(userNetwork("other", "b", "172.19.0.0/16"));
  run("1", { app: ["web", "111111111111"] });
  run("2", { app: ["cache", "redis", "222222222222"], other: ["cache", "222222222222"] });
  run("3", { other: ["db"] });
  run("4", { bridge: [] });
});

describe("the embedded DNS's names", () => {
  it("resolve the containers on the user-defined networks the asking one is on, by name, alias and short id", () => {
    const lookup = dnsLookupFor(directory, id("1"));
    expect(lookup("cache")).toEqual(["172.18.0.3"]);
    expect(lookup("redis")).toEqual(["172.18.0.3"]);
    expect(lookup("222222222222")).toEqual(["172.18.0.3"]);
    expect(lookup("web")).toEqual(["172.18.0.2"]);
    expect(lookup("cache.app")).toEqual(["172.18.0.3"]);
  });

  it("do not reach across networks, and answer every address a name has on shared networks", () => {
    expect(dnsLookupFor(directory, id("1"))("db")).toBeUndefined();
    expect(dnsLookupFor(directory, id("1"))("cache.other")).toBeUndefined();
    expect(dnsLookupFor(directory, id("3"))("cache")).toEqual(["172.19.0.2"]);
    expect(dnsLookupFor(directory, id("2"))("cache")).toEqual(["172.18.0.3", "172.19.0.2"]);
  });

  it("resolve nothing on the default bridge, as in Docker", () => {
    expect(dnsLookupFor(directory, id("4"))("web")).toBeUndefined();
    expect(dnsLookupFor(directory, id("4"))("cache")).toBeUndefined();
  });
});

// The datagram side of the agent (protocol stream 3) over a real UDP socket: each datagram goes to
// the listener behind the peer's 4-byte address and 2-byte port, and answers go back to that peer.
let socket: Socket;
let resolver: Resolver;
const dns = new EmbeddedDns((containerId) => ({ names: dnsLookupFor(directory, containerId), servers: () => [] }));

beforeAll(async () => {
  socket = createSocket("udp4");
  let listener: ((peer: Uint8Array, message: Uint8Array) => void) | undefined;
  const agent: Pick<NetworkAgent, "attachDatagrams" | "sendDatagram"> = {
    attachDatagrams: (_handle, deliver) => {
      listener = deliver;
      return () => (listener = undefined);
    },
    sendDatagram: async (_handle, peer, message) => {
      const view = new DataView(peer.buffer, peer.byteOffset, 6);
      socket.send(message, view.getUint16(4), [...peer.subarray(0, 4)].join("."));
    },
  };
  socket.on("message", (message, from) => {
    const peer = new Uint8Array(6);
    peer.set(from.address.split(".").map(Number));
    new DataView(peer.buffer).setUint16(4, from.port);
    listener?.(peer, new Uint8Array(message));
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  dns.open(id("1"), agent);
  resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`127.0.0.1:${socket.address().port}`]);
});

afterAll(() => {
  dns.close(id("1"));
  socket.close();
});

describe("a container's embedded DNS server", () => {
  it("answers a real resolver's queries with the container's names, NXDOMAIN for others", async () => {
    expect(await resolver.resolve4("Redis")).toEqual(["172.18.0.3"]);
    await expect(resolver.resolve4("db")).rejects.toMatchObject({ code: "ENOTFOUND" });
  });
});
