import { describe, expect, it } from "vitest";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { NetworkIndex } from "./network-index.ts";
import type { NetworkRecord } from "./network-record.ts";

function userNetwork(id: string, name: string): NetworkRecord {
  return { id, name, created: "2024-05-01T12:00:00.000000000Z", driver: "bridge", internal: false, attachable: false, ipamOptions: {}, options: {}, labels: {} };
}

describe("the network index", () => {
  it("makes the predefined networks once, and finds them again after a reload", async () => {
    const records = new Map<string, NetworkRecord>();
    const index = new NetworkIndex(new MemoryRecordStore(records));
    await index.load();
    expect(index.list().map((network) => [network.name, network.driver])).toEqual(
      expect.arrayContaining([
        ["bridge", "bridge"],
        ["host", "host"],
        ["none", "null"],
      ]),
    );
    expect(index.byName("bridge")?.addressing).toMatchObject({ subnet: "172.17.0.0/16", gateway: "172.17.0.1" });
    const ids = index.list().map((network) => network.id);

    const reloaded = new NetworkIndex(new MemoryRecordStore(records));
    await reloaded.load();
    expect(reloaded.list().map((network) => network.id)).toEqual(ids);
  });

  it("finds by full id, then name, then unique id prefix, in Docker's words otherwise", async () => {
    const index = new NetworkIndex(new MemoryRecordStore());
    await index.load();
    // Prefixes long enough that the predefined networks' random ids do not share them.
    index.add(userNetwork("abcdef12".padEnd(64, "0"), "web"));
    index.add(userNetwork("abcdef34".padEnd(64, "0"), "db"));
    index.add(userNetwork("cd".padEnd(64, "1"), "abcdef12"));
    expect(index.find("abcdef12").name).toBe("abcdef12");
    expect(index.find("abcdef3").name).toBe("db");
    expect(index.find("abcdef12".padEnd(64, "0")).name).toBe("web");
    expect(() => index.find("abcdef")).toThrow("network abcdef is ambiguous (2 matches found based on ID prefix)");
    expect(() => index.find("cache")).toThrow("network cache not found");
  });

  it("refuses a second network of the same name", async () => {
    const index = new NetworkIndex(new MemoryRecordStore());
    await index.load();
    index.add(userNetwork("1".repeat(64), "app"));
    expect(() => index.add(userNetwork("2".repeat(64), "app"))).toThrow("network with name app already exists");
  });
});
