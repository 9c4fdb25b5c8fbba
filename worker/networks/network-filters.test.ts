import { describe, expect, it } from "vitest";
import { networkListFilter, networkPruneFilter, type Filters } from "./network-filters.ts";
import { predefinedNetwork, type NetworkRecord } from "./network-record.ts";

const created = "2024-05-01T12:00:00.000000000Z";
const bridge = predefinedNetwork("bridge", "0b".repeat(32), created);
const host = predefinedNetwork("host", "0c".repeat(32), created);
const app: NetworkRecord = { ...predefinedNetwork("bridge", "a1".repeat(32), created), name: "app", options: {}, labels: { tier: "web", team: "blue" } };
const cache: NetworkRecord = { ...app, id: "c4".repeat(32), name: "cache", labels: {}, created: "2024-05-03T12:00:00.000000000Z" };
const all = [bridge, host, app, cache];

const listed = (filters: Filters, inUse: NetworkRecord[] = [app]) => all.filter(networkListFilter(filters, (network) => inUse.includes(network))).map((network) => network.name);

describe("the network list's filters", () => {
  it("match names and ids as Docker's do (exactly or as patterns), drivers and scopes exactly", () => {
    expect(listed({ name: ["app"] })).toEqual(["app"]);
    expect(listed({ name: ["^ca"] })).toEqual(["cache"]);
    expect(listed({ id: ["a1a1"] })).toEqual(["app"]);
    expect(listed({ driver: ["host"] })).toEqual(["host"]);
    expect(listed({ scope: ["local"] })).toHaveLength(4);
    expect(listed({ scope: ["swarm"] })).toEqual([]);
  });

  it("match every label given", () => {
    expect(listed({ label: ["tier=web", "team"] })).toEqual(["app"]);
    expect(listed({ label: ["tier=db"] })).toEqual([]);
  });

  it("tell builtin from custom networks, and dangling (custom, no running container) from used ones", () => {
    expect(listed({ type: ["builtin"] })).toEqual(["bridge", "host"]);
    expect(listed({ type: ["custom"] })).toEqual(["app", "cache"]);
    expect(listed({ dangling: ["true"] })).toEqual(["cache"]);
    expect(listed({ dangling: ["0"] })).toEqual(["bridge", "host", "app"]);
  });

  it("refuse what Docker refuses, in its words", () => {
    expect(() => listed({ colour: ["red"] })).toThrow("invalid filter 'colour'");
    expect(() => listed({ type: ["mine"] })).toThrow("invalid filter: 'type'='mine'");
    expect(() => listed({ dangling: ["maybe"] })).toThrow(`invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`);
    expect(() => listed({ dangling: ["true", "false"] })).toThrow(`got more than one value for filter key "dangling"`);
  });
});

describe("network prune's filters", () => {
  const pruned = (filters: Filters) => [app, cache].filter(networkPruneFilter(filters, Date.parse("2024-05-04T12:00:00Z"))).map((network) => network.name);

  it("keep networks by label, missing label and age", () => {
    expect(pruned({})).toEqual(["app", "cache"]);
    expect(pruned({ label: ["tier=web"] })).toEqual(["app"]);
    expect(pruned({ "label!": ["tier"] })).toEqual(["cache"]);
    expect(pruned({ until: ["48h"] })).toEqual(["app"]);
    expect(pruned({ until: ["2024-05-02T00:00:00Z"] })).toEqual(["app"]);
    expect(pruned({ until: [String(Date.parse("2024-05-04T00:00:00Z") / 1000)] })).toEqual(["app", "cache"]);
  });

  it("refuse other filters and unreadable times", () => {
    expect(() => pruned({ name: ["app"] })).toThrow("invalid filter 'name'");
    expect(() => pruned({ until: ["soon"] })).toThrow(`failed to parse value as time or duration: "soon"`);
  });
});
