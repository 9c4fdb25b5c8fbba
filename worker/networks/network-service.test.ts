import { beforeEach, describe, expect, it } from "vitest";
import type { EventMessage } from "../../src/api/event-types.ts";
import { ContainerIndex } from "../containers/container-index.ts";
import { createdState, type ContainerRecord } from "../containers/container-record.ts";
import { EventBus } from "../events/event-bus.ts";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { ContainerNetworking } from "./container-networking.ts";
import { dnsLookupFor } from "./dns-lookup.ts";
import { EmbeddedDns } from "./embedded-dns.ts";
import { EndpointTable } from "./endpoint-table.ts";
import { NetworkEvents } from "./network-events.ts";
import { NetworkIndex } from "./network-index.ts";
import { NetworkService } from "./network-service.ts";
import { networkSettingsView } from "./network-settings.ts";
import { PublishedPorts } from "./published-ports.ts";

let networks: NetworkIndex;
let endpoints: EndpointTable;
let containers: ContainerIndex;
let networking: ContainerNetworking;
let ports: PublishedPorts;
let service: NetworkService;
let events: EventMessage[];

beforeEach(async () => {
  networks = new NetworkIndex(new MemoryRecordStore());
  await networks.load();
  endpoints = new EndpointTable();
  containers = new ContainerIndex(new MemoryRecordStore());
  ports = new PublishedPorts();
  const bus = new EventBus();
  events = [];
  bus.subscribe((event) => events.push(event));
  const dns = new EmbeddedDns((id) => ({ names: dnsLookupFor({ endpoints, network: (networkId) => networks.get(networkId), dnsNames: () => [] }, id), servers: () => [] }));
  networking = new ContainerNetworking({ networks, endpoints, ports, events: new NetworkEvents(bus), dns });
  service = new NetworkService({
    networks,
    endpoints,
    networking,
    events: new NetworkEvents(bus),
    containers: {
      resolve: (idOrName) => containers.resolve(idOrName),
      get: (id) => containers.get(id),
      save: async (record) => {
        containers.save(record);
        await containers.settled();
      },
      // Only stopped containers here: a running one's interfaces change in the guest (integration tests).
      runningAgent: () => undefined,
    },
    guestAgent: async () => undefined,
  });
});

function addContainer(name: string, letter: string, networkMode = "bridge"): ContainerRecord {
  const plan = networking.plan({ Image: "busybox", HostConfig: { NetworkMode: networkMode } });
  const record: ContainerRecord = {
    id: letter.repeat(64),
    name,
    created: "2024-05-01T12:00:00.000000000Z",
    imageRef: "busybox",
    imageId: "sha256:" + "b".repeat(64),
    request: { Image: "busybox" },
    config: { Image: "busybox", Hostname: letter.repeat(12) },
    hostConfig: { NetworkMode: plan.networkMode },
    networks: plan.networks,
    args: ["sh"],
    state: createdState(),
    restartCount: 0,
    manuallyStopped: false,
  };
  containers.add(record);
  return record;
}

describe("creating networks", () => {
  it("makes a bridge network on the next default pool, shown in Docker's shape, and says so", async () => {
    const { Id, Warning } = await service.create({ Name: "app", Labels: { tier: "web" } });
    expect(Warning).toBe("");
    expect(service.inspect("app")).toEqual({
      Name: "app",
      Id,
      Created: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*\.\d{9}Z$/),
      Scope: "local",
      Driver: "bridge",
      EnableIPv4: true,
      EnableIPv6: false,
      IPAM: { Driver: "default", Options: {}, Config: [{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }] },
      Internal: false,
      Attachable: false,
      Ingress: false,
      ConfigFrom: { Network: "" },
      ConfigOnly: false,
      Containers: {},
      Options: {},
      Labels: { tier: "web" },
    });
    expect(events).toEqual([expect.objectContaining({ Type: "network", Action: "create", Actor: { ID: Id, Attributes: { name: "app", type: "bridge" } } })]);
  });

  it("shows a user's IPAM configuration as given", async () => {
    await service.create({ Name: "lan", IPAM: { Driver: "default", Config: [{ Subnet: "10.9.0.0/24", IPRange: "10.9.0.128/25" }] } });
    expect(service.inspect("lan").IPAM.Config).toEqual([{ Subnet: "10.9.0.0/24", IPRange: "10.9.0.128/25" }]);
  });

  it("refuses what Docker refuses, in its words, and keeps nothing of it", async () => {
    await service.create({ Name: "app" });
    await expect(service.create({ Name: "app" })).rejects.toThrow("network with name app already exists");
    await expect(service.create({ Name: "bridge" })).rejects.toThrow("operation is not permitted on predefined bridge network");
    await expect(service.create({ Name: "h", Driver: "host" })).rejects.toThrow(`only one instance of "host" network is allowed`);
    await expect(service.create({ Name: "o", Driver: "overlay" })).rejects.toThrow(`plugin "overlay" not found`);
    await expect(service.create({ Name: "x", IPAM: { Config: [{ Subnet: "172.18.1.0/24" }] } })).rejects.toThrow("Pool overlaps with other one on this address space");
    await expect(service.create({ Name: "y", IPAM: { Config: [{ Subnet: "10.0.0.0/33" }] } })).rejects.toThrow("invalid subnet 10.0.0.0/33: invalid CIDR block notation");
    expect(service.list().map((network) => network.Name).sort()).toEqual(["app", "bridge", "host", "none"]);
  });
});

describe("listing and inspecting networks", () => {
  it("lists every network without containers, and inspect lists the running ones", async () => {
    await service.create({ Name: "app" });
    const web = addContainer("web", "1", "app");
    const endpoint = endpoints.open(web.id, networks.find("app"));
    expect(service.list({ name: ["app"] })).toEqual([expect.objectContaining({ Name: "app", Containers: {} })]);
    expect(service.list({ dangling: ["true"] })).toEqual([]);
    expect(service.inspect("app").Containers).toEqual({
      [web.id]: { Name: "web", EndpointID: endpoint.endpointId, MacAddress: "02:42:ac:12:00:02", IPv4Address: "172.18.0.2/16", IPv6Address: "" },
    });
    expect(() => service.inspect("nope")).toThrow("network nope not found");
  });

  it("shows the predefined networks as dockerd does", () => {
    const bridge = service.inspect("bridge");
    expect(bridge.IPAM).toEqual({ Driver: "default", Options: null, Config: [{ Subnet: "172.17.0.0/16", Gateway: "172.17.0.1" }] });
    expect(bridge.Options["com.docker.network.bridge.name"]).toBe("docker0");
    expect(service.inspect("host")).toMatchObject({ Driver: "host", EnableIPv4: false, IPAM: { Config: [] } });
    expect(service.inspect("none")).toMatchObject({ Driver: "null" });
  });
});

describe("removing networks", () => {
  it("refuses the predefined ones and those with running containers", async () => {
    await service.create({ Name: "app" });
    const web = addContainer("web", "1", "app");
    const endpoint = endpoints.open(web.id, networks.find("app"));
    await expect(service.remove("bridge")).rejects.toThrow("bridge is a pre-defined network and cannot be removed");
    await expect(service.remove("app")).rejects.toThrow(
      `error while removing network: network app has active endpoints (name:"web" id:"${endpoint.endpointId.slice(0, 12)}")`,
    );
    expect(networks.byName("app")).toBeDefined();
  });

  it("removes a network only stopped containers name, as Docker does", async () => {
    const { Id } = await service.create({ Name: "app" });
    addContainer("web", "1", "app");
    await service.remove(Id.slice(0, 6));
    expect(networks.byName("app")).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ Action: "destroy", Actor: { ID: Id, Attributes: { name: "app", type: "bridge" } } });
  });

  it("prunes the unused user-defined networks", async () => {
    await service.create({ Name: "used" });
    await service.create({ Name: "idle", Labels: { keep: "yes" } });
    await service.create({ Name: "spare" });
    endpoints.open(addContainer("web", "1", "used").id, networks.find("used"));
    expect(await service.prune({ "label!": ["keep"] })).toEqual({ NetworksDeleted: ["spare"] });
    expect(await service.prune()).toEqual({ NetworksDeleted: ["idle"] });
    expect(await service.prune()).toEqual({ NetworksDeleted: null });
    expect(service.list().map((network) => network.Name).sort()).toEqual(["bridge", "host", "none", "used"]);
    expect(events.at(-1)).toMatchObject({ Action: "prune", Actor: { ID: "", Attributes: { reclaimed: "0" } } });
  });
});

describe("connecting stopped containers", () => {
  it("records the network for the next start, and forgets it on disconnect", async () => {
    const { Id } = await service.create({ Name: "app" });
    const web = addContainer("web", "1");
    await service.connect("app", { Container: "web", EndpointConfig: { Aliases: ["www"] } });
    await service.connect("app", { Container: web.id });
    expect(containers.get(web.id)!.networks).toEqual({ bridge: {}, app: { Aliases: ["www"], NetworkID: Id } });
    await service.disconnect("bridge", { Container: "web" });
    expect(Object.keys(containers.get(web.id)!.networks!)).toEqual(["app"]);
    await expect(service.disconnect("bridge", { Container: "web" })).rejects.toThrow(`container ${web.id} is not connected to the network bridge`);
    expect(events.map((event) => event.Action)).toEqual(["create"]);
  });

  it("refuses Docker's conflicts with host and none, and aliases off user-defined networks", async () => {
    await service.create({ Name: "app" });
    addContainer("h", "2", "host");
    addContainer("n", "3", "none");
    addContainer("b", "4");
    await expect(service.connect("app", { Container: "h" })).rejects.toThrow("container sharing network namespace with another container or host cannot be connected to any other network");
    await expect(service.connect("app", { Container: "n" })).rejects.toThrow("container cannot be connected to multiple networks with one of the networks in private (none) mode");
    await expect(service.disconnect("host", { Container: "h" })).rejects.toThrow("container cannot be disconnected from host network or connected to host network");
    await expect(service.connect("bridge", { Container: "b", EndpointConfig: { Aliases: ["x"] } })).rejects.toThrow(
      /^invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks$/,
    );
    await expect(service.connect("app", { Container: "nobody" })).rejects.toThrow("No such container: nobody");
  });
});

describe("a container's NetworkSettings", () => {
  it("shows each network's endpoint while it runs, empty addresses when it is stopped, and the default bridge at the top", async () => {
    await service.create({ Name: "app" });
    const web = addContainer("web", "1");
    await service.connect("app", { Container: "web", EndpointConfig: { Aliases: ["www"] } });
    const stopped = networkSettingsView(web, networking.state(web, false));
    expect(stopped.Networks.app).toMatchObject({ NetworkID: networks.byName("app")!.id, EndpointID: "", IPAddress: "", Gateway: "", MacAddress: "", Aliases: ["www"] });
    expect(stopped.Ports).toEqual({});

    // What a start records and holds (the start itself needs the guest: integration tests).
    web.networks!.bridge.NetworkID = networks.byName("bridge")!.id;
    web.hostConfig.PortBindings = { "80/tcp": [{ HostIp: "", HostPort: "8080" }] };
    const onBridge = endpoints.open(web.id, networks.find("bridge"));
    endpoints.open(web.id, networks.find("app"));
    await ports.claim([{ hostIp: "0.0.0.0", hostPort: 8080, containerId: web.id, containerAddress: onBridge.address, containerPort: 80, protocol: "tcp" }]);
    const running = networkSettingsView(web, networking.state(web, true));
    expect(running).toMatchObject({
      IPAddress: "172.17.0.2",
      IPPrefixLen: 16,
      Gateway: "172.17.0.1",
      MacAddress: "02:42:ac:11:00:02",
      EndpointID: onBridge.endpointId,
      SandboxKey: `/run/berth/${web.id}/netns`,
      Ports: { "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }] },
    });
    expect(running.Networks.app).toMatchObject({ IPAddress: "172.18.0.2", IPPrefixLen: 16, Gateway: "172.18.0.1", MacAddress: "02:42:ac:12:00:02", DNSNames: null });
  });

  it("keeps a renamed container's DNS names current", () => {
    const web = addContainer("web", "1");
    web.networks = { app: { Aliases: ["www"], DNSNames: ["web", "www", "111111111111"] } };
    web.name = "api";
    networking.renamed(web, "web");
    expect(web.networks.app.DNSNames).toEqual(["api", "www", "111111111111"]);
  });

  it("warns, as Docker does, that host networking discards published ports", () => {
    expect(networking.plan({ Image: "busybox", HostConfig: { NetworkMode: "host", PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "80" }] } } }).warnings).toEqual([
      "Published ports are discarded when using host network mode",
    ]);
  });
});
