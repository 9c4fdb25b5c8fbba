import { createSocket, type Socket } from "node:dgram";
import { Resolver } from "node:dns/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerDnsQuery, type DnsLookup } from "./dns-answer.ts";

const names: Record<string, string[]> = { cache: ["172.18.0.2"], "web.alias": ["172.18.0.3", "172.19.0.3"] };
const lookup: DnsLookup = (name) => names[name];

// Node's own resolver (c-ares) asks a UDP server on loopback that answers with answerDnsQuery.
let server: Socket;
let resolver: Resolver;

beforeAll(async () => {
  server = createSocket("udp4");
  server.on("message", (query, peer) => {
    const response = answerDnsQuery(new Uint8Array(query), lookup);
    if (response) server.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => server.bind(0, "127.0.0.1", resolve));
  resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`127.0.0.1:${server.address().port}`]);
});

afterAll(() => server.close());

describe("answerDnsQuery", () => {
  it("answers a known name with its IPv4 addresses, in any letter case", async () => {
    expect(await resolver.resolve4("cache")).toEqual(["172.18.0.2"]);
    expect(await resolver.resolve4("Web.Alias")).toEqual(["172.18.0.3", "172.19.0.3"]);
    expect(await resolver.resolve4("cache", { ttl: true })).toEqual([{ address: "172.18.0.2", ttl: 600 }]);
  });

  it("says NXDOMAIN for an unknown name and gives a known name's AAAA an empty answer", async () => {
    await expect(resolver.resolve4("db")).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(resolver.resolve6("cache")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it("keeps the id, the question and RD, and refuses what it cannot read", () => {
    const query = Uint8Array.from([0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 5, ...Buffer.from("cache"), 0, 0, 1, 0, 1]);
    const response = answerDnsQuery(query, lookup)!;
    expect([...response.subarray(0, 4)]).toEqual([0xab, 0xcd, 0x81, 0x80]);
    expect([...response.subarray(12, query.length)]).toEqual([...query.subarray(12)]);
    expect([...response.subarray(-4)]).toEqual([172, 18, 0, 2]);

    const truncated = query.subarray(0, 15);
    expect(answerDnsQuery(truncated, lookup)![3] & 0xf).toBe(1);
    const inverse = Uint8Array.from(query);
    inverse[2] = 0x09;
    expect(answerDnsQuery(inverse, lookup)![3] & 0xf).toBe(4);
    expect(answerDnsQuery(query.subarray(0, 5), lookup)).toBeUndefined();
    const response2 = Uint8Array.from(query);
    response2[2] |= 0x80;
    expect(answerDnsQuery(response2, lookup)).toBeUndefined();
  });
});
