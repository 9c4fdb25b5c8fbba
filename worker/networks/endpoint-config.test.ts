import { beforeEach, describe, expect, it } from "vitest";
import type { ContainerCreateRequest } from "../../src/api/container-types.ts";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { planContainerNetworks } from "./endpoint-config.ts";
import { NetworkIndex } from "./network-index.ts";
import type { NetworkRecord } from "./network-record.ts";

let networks: NetworkIndex;
const plan = (request: Omit<ContainerCreateRequest, "Image">) => planContainerNetworks({ Image: "busybox", ...request }, (term) => networks.find(term));

function userNetwork(name: string, id: string, userSubnet: boolean): NetworkRecord {
  return {
    id,
    name,
    created: "2024-05-01T12:00:00.000000000Z",
    driver: "bridge",
    internal: false,
    attachable: false,
    addressing: { subnet: "10.7.0.0/16", gateway: "10.7.0.1", userSubnet, userGateway: false },
    ipamOptions: {},
    options: {},
    labels: {},
  };
}

beforeEach(async () => {
  networks = new NetworkIndex(new MemoryRecordStore());
  await networks.load();
  networks.add(userNetwork("app", "a".repeat(64), true));
  networks.add(userNetwork("auto", "f".repeat(64), false));
});

describe("a new container's networks", () => {
  it("is the default bridge unless the request names another", () => {
    expect(plan({})).toEqual({ networkMode: "bridge", networks: { bridge: {} } });
    expect(plan({ HostConfig: { NetworkMode: "default" } }).networkMode).toBe("bridge");
    expect(plan({ HostConfig: { NetworkMode: "none" } })).toEqual({ networkMode: "none", networks: { none: {} } });
  });

  it("records the network by its name and id, with the aliases and address asked for", () => {
    const result = plan({
      HostConfig: { NetworkMode: "aaaa" },
      NetworkingConfig: { EndpointsConfig: { aaaa: { Aliases: ["cache"], IPAMConfig: { IPv4Address: "10.7.0.9" } } } },
    });
    expect(result).toEqual({
      networkMode: "aaaa",
      networks: { app: { Aliases: ["cache"], IPAMConfig: { IPv4Address: "10.7.0.9" }, NetworkID: "a".repeat(64) } },
    });
  });

  it("keeps only what was asked for (clients send empty IPAM configs and driver options)", () => {
    const result = plan({ HostConfig: { NetworkMode: "app" }, NetworkingConfig: { EndpointsConfig: { app: { IPAMConfig: {}, DriverOpts: {}, Aliases: [] } } } });
    expect(result.networks).toEqual({ app: { NetworkID: "a".repeat(64) } });
  });

  it("lets a network that does not exist yet be named (the start finds it, or fails)", () => {
    expect(plan({ HostConfig: { NetworkMode: "later" } }).networks).toEqual({ later: {} });
  });

  it.each<[Omit<ContainerCreateRequest, "Image">, string]>([
    [
      { NetworkingConfig: { EndpointsConfig: { bridge: { Aliases: ["web"] } } } },
      "invalid config for network bridge: invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks",
    ],
    [
      { NetworkingConfig: { EndpointsConfig: { bridge: { IPAMConfig: { IPv4Address: "172.17.0.9" } } } } },
      "invalid config for network bridge: invalid endpoint settings:\nuser specified IP address is supported on user defined networks only",
    ],
    [
      { HostConfig: { NetworkMode: "auto" }, NetworkingConfig: { EndpointsConfig: { auto: { IPAMConfig: { IPv4Address: "10.7.0.9" } } } } },
      "user specified IP address is supported only when connecting to networks with user configured subnets",
    ],
    [
      { HostConfig: { NetworkMode: "app" }, NetworkingConfig: { EndpointsConfig: { app: { IPAMConfig: { IPv4Address: "10.8.0.9" } } } } },
      "no configured subnet or ip-range contain the IP address 10.8.0.9",
    ],
    [{ HostConfig: { NetworkMode: "app" }, NetworkingConfig: { EndpointsConfig: { app: { IPAMConfig: { IPv4Address: "10.7.0" } } } } }, "invalid IPv4 address: 10.7.0"],
    [
      { HostConfig: { NetworkMode: "host" }, NetworkingConfig: { EndpointsConfig: { app: {} } } },
      "container sharing network namespace with another container or host cannot be connected to any other network",
    ],
    [
      { HostConfig: { NetworkMode: "none" }, NetworkingConfig: { EndpointsConfig: { app: {} } } },
      "container cannot be connected to multiple networks with one of the networks in private (none) mode",
    ],
    [{ HostConfig: { NetworkMode: "container:web" } }, "berth does not share a network namespace between containers"],
  ])("refuses %j", (request, message) => {
    expect(() => plan(request)).toThrow(message);
  });

  it("lists several problems of one endpoint together", () => {
    expect(() => plan({ NetworkingConfig: { EndpointsConfig: { bridge: { Aliases: ["web"], IPAMConfig: { IPv4Address: "172.17.0.9" } } } } })).toThrow(
      "invalid endpoint settings:\n* user specified IP address is supported on user defined networks only\n* network-scoped alias is supported only",
    );
  });
});
