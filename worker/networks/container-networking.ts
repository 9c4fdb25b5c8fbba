// The networks of a container through its life: at create its networks are checked and recorded; at
// each start it gets an endpoint on each (an address and interface on bridge networks), its
// published ports, its embedded DNS socket and its /etc files, all or nothing, before the agent's
// START; at exit it gives them all back. `docker network connect` and `disconnect` change a running
// container's interfaces in place. Network events: connect and disconnect, as dockerd sends them.

import type { ContainerCreateRequest } from "../../src/api/container-types.ts";
import { EngineError, isEngineError } from "../../src/api/errors.ts";
import type { EndpointSettings } from "../../src/api/network-types.ts";
import type { ContainerRecord } from "../containers/container-record.ts";
import type { BundleFileLeaf, GuestInterface, GuestNetworkSetup } from "../vm/agent-client.ts";
import { BUNDLE_FILES, bundleFileContents, validateExtraHosts } from "./bundle-files.ts";
import type { EmbeddedDns } from "./embedded-dns.ts";
import { checkEndpointSettings, planContainerNetworks, requestedEndpoint, type ContainerNetworkPlan } from "./endpoint-config.ts";
import type { Endpoint, EndpointTable } from "./endpoint-table.ts";
import type { NetworkAgent } from "./network-agent.ts";
import type { NetworkEvents } from "./network-events.ts";
import type { NetworkIndex } from "./network-index.ts";
import { isHostMode, isNoneMode, isUserDefined } from "./network-mode.ts";
import { bridgeName, HOST_NAMESPACE_LINK, type NetworkRecord } from "./network-record.ts";
import { attachedNetworks, type ContainerNetworkState } from "./network-settings.ts";
import { portsToPublish, validatePortBindings } from "./port-bindings.ts";
import type { PublishedPorts } from "./published-ports.ts";

export interface ContainerNetworkingDependencies {
  networks: NetworkIndex;
  endpoints: EndpointTable;
  ports: PublishedPorts;
  events: NetworkEvents;
  dns: EmbeddedDns;
}

export class ContainerNetworking {
  constructor(private readonly deps: ContainerNetworkingDependencies) {}

  /** The networks of a new container, checked with its port bindings and extra hosts; warnings as Docker gives them. */
  plan(request: ContainerCreateRequest): ContainerNetworkPlan & { warnings: string[] } {
    const plan = planContainerNetworks(request, (term) => this.deps.networks.find(term));
    validatePortBindings(request.HostConfig?.PortBindings);
    validateExtraHosts(request.HostConfig?.ExtraHosts ?? []);
    const publishes = Object.keys(request.HostConfig?.PortBindings ?? {}).length > 0 || request.HostConfig?.PublishAllPorts;
    return { ...plan, warnings: isHostMode(plan.networkMode) && publishes ? ["Published ports are discarded when using host network mode"] : [] };
  }

  /**
   * Everything the container's start needs of its networks, made before START: returns the
   * network setup for it (undefined for none, which gives the agent none). On failure nothing
   * stays held, and the error says so as Docker does.
   */
  async attach(record: ContainerRecord, agent: NetworkAgent): Promise<GuestNetworkSetup | undefined> {
    const interfaces: GuestInterface[] = [];
    let dnsHandle: number | undefined;
    try {
      const networks: Record<string, EndpointSettings> = {};
      for (const [key, requested] of Object.entries(attachedNetworks(record))) {
        const network = this.deps.networks.find(requested.NetworkID || key);
        checkEndpointSettings(network.name, requested, network);
        const endpoint = this.deps.endpoints.open(record.id, network, requested.IPAMConfig?.IPv4Address || undefined, requested.MacAddress);
        networks[network.name] = withDnsNames(record, network, requestedEndpoint(requested, network));
        if (endpoint.interfaceName) interfaces.push(guestInterface(network, endpoint));
      }
      record.networks = networks;
      const first = this.deps.endpoints.ofContainer(record.id).find((endpoint) => endpoint.interfaceName);
      if (first) await this.#claimPorts(record, first);
      if (interfaces.length > 0 || isHostMode(record.hostConfig.NetworkMode)) dnsHandle = this.deps.dns.open(record.id, agent);
      await this.#writeFiles(record, agent, BUNDLE_FILES);
    } catch (error) {
      this.#free(record.id);
      throw setupFailure(error);
    }
    for (const endpoint of this.deps.endpoints.ofContainer(record.id)) this.#publish(endpoint, "connect");
    const mode = record.hostConfig.NetworkMode;
    if (isNoneMode(mode)) return undefined;
    const dns = dnsHandle !== undefined ? { dnsHandle } : {};
    // The guest's shared host namespace, not the agent's own: that one holds the egress listeners.
    if (isHostMode(mode)) return { ...dns, interfaces: [], host: HOST_NAMESPACE_LINK };
    return { ...dns, interfaces };
  }

  /** The container exited (or its start failed after attach): its endpoints, ports and DNS socket go. */
  release(containerId: string): void {
    const endpoints = [...this.deps.endpoints.ofContainer(containerId)];
    this.#free(containerId);
    for (const endpoint of endpoints) this.#publish(endpoint, "disconnect");
  }

  /** `docker network connect` of a running container. */
  async connect(record: ContainerRecord, network: NetworkRecord, requested: EndpointSettings, agent: NetworkAgent): Promise<void> {
    if (this.deps.endpoints.ofContainer(record.id).some((endpoint) => endpoint.networkId === network.id)) {
      throw new EngineError("forbidden", `endpoint with name ${record.name} already exists in network ${network.name}`);
    }
    const endpoint = this.deps.endpoints.open(record.id, network, requested.IPAMConfig?.IPv4Address || undefined, requested.MacAddress);
    try {
      if (endpoint.interfaceName) await agent.connectNetwork(record.id, guestInterface(network, endpoint));
    } catch (error) {
      this.deps.endpoints.close(endpoint);
      throw error;
    }
    record.networks = { ...attachedNetworks(record), [network.name]: withDnsNames(record, network, requestedEndpoint(requested, network)) };
    await this.#writeFiles(record, agent, ["hosts"]);
    this.#publish(endpoint, "connect");
  }

  /** `docker network disconnect` of a running container. */
  async disconnect(record: ContainerRecord, network: NetworkRecord, agent: NetworkAgent): Promise<void> {
    const endpoint = this.deps.endpoints.ofContainer(record.id).find((candidate) => candidate.networkId === network.id);
    if (!endpoint) throw new EngineError("conflict", `container ${record.id} is not connected to network ${network.name}`);
    if (endpoint.interfaceName) await agent.disconnectNetwork(record.id, endpoint.interfaceName);
    // Its published ports led to this address, which another container may get next.
    if (this.deps.ports.list().some((port) => port.containerId === record.id && port.containerAddress === endpoint.address)) this.deps.ports.release(record.id);
    this.deps.endpoints.close(endpoint);
    const { [network.name]: _gone, ...others } = attachedNetworks(record);
    record.networks = others;
    await this.#writeFiles(record, agent, ["hosts"]);
    this.#publish(endpoint, "disconnect");
  }

  /**
   * Whether the container can reach beyond its networks: on the host network, or on a bridge network
   * that is not --internal (whose gateway is its default route). Egress names are for these only.
   */
  hasWayOut(containerId: string): boolean {
    return this.deps.endpoints.ofContainer(containerId).some((endpoint) => {
      const network = this.deps.networks.get(endpoint.networkId);
      return network !== undefined && wayOut(network) && (endpoint.interfaceName !== "" || network.driver === "host");
    });
  }

  /** A renamed container answers to its new name on its networks (as Docker's DNS does). */
  renamed(record: ContainerRecord, oldName: string): void {
    for (const settings of Object.values(record.networks ?? {})) {
      if (settings.DNSNames) settings.DNSNames = settings.DNSNames.map((name) => (name === oldName ? record.name : name));
    }
  }

  /** What inspect and the container list show of the container's networks now. */
  state(record: ContainerRecord, running: boolean): ContainerNetworkState {
    return {
      endpoints: this.deps.endpoints.ofContainer(record.id),
      ports: this.deps.ports.list().filter((port) => port.containerId === record.id),
      running,
    };
  }

  async #claimPorts(record: ContainerRecord, first: Endpoint): Promise<void> {
    const requests = portsToPublish(record.config, record.hostConfig);
    const ports = requests.map((request) => ({ ...request, containerId: record.id, containerAddress: first.address }));
    await this.deps.ports.claim(ports).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      const wrapped = `driver failed programming external connectivity on endpoint ${record.name} (${first.endpointId}): ${reason}`;
      throw new EngineError(isEngineError(error) ? error.code : "system", wrapped);
    });
  }

  async #writeFiles(record: ContainerRecord, agent: NetworkAgent, files: readonly BundleFileLeaf[]): Promise<void> {
    const contents = bundleFileContents({
      hostname: record.config.Hostname ?? "",
      domainname: record.config.Domainname,
      hostConfig: record.hostConfig,
      addresses: this.deps.endpoints
        .ofContainer(record.id)
        .filter((endpoint) => endpoint.address)
        .map((endpoint) => endpoint.address),
      embeddedDns: !isNoneMode(record.hostConfig.NetworkMode),
    });
    await Promise.all(files.map((leaf) => agent.writeBundleFile(record.id, leaf, contents[leaf])));
  }

  /** Gives back what the container holds, without events. */
  #free(containerId: string): void {
    for (const endpoint of [...this.deps.endpoints.ofContainer(containerId)]) this.deps.endpoints.close(endpoint);
    this.deps.ports.release(containerId);
    this.deps.dns.close(containerId);
  }

  #publish(endpoint: Endpoint, action: "connect" | "disconnect"): void {
    const network = this.deps.networks.get(endpoint.networkId);
    if (network) this.deps.events.publish(network, action, endpoint.containerId);
  }
}

/** On user-defined networks, the names the embedded DNS answers for (Docker's DNSNames). */
function withDnsNames(record: ContainerRecord, network: NetworkRecord, requested: EndpointSettings): EndpointSettings {
  if (!isUserDefined(network.name)) return requested;
  const names = [record.name, ...(requested.Aliases ?? []), record.id.slice(0, 12), ...(record.config.Hostname ? [record.config.Hostname] : [])];
  return { ...requested, DNSNames: [...new Set(names)] };
}

/** A network through which a container reaches beyond it (Docker's internal networks have no gateway route). */
function wayOut(network: NetworkRecord): boolean {
  return !network.internal && network.driver !== "null";
}

/** Every network with a way out may carry the default route; the agent gives it to one at a time. */
function guestInterface(network: NetworkRecord, endpoint: Endpoint): GuestInterface {
  return {
    defaultRoute: wayOut(network),
    name: endpoint.interfaceName,
    bridge: bridgeName(network),
    gateway: `${endpoint.gateway}/${endpoint.prefixLength}`,
    address: `${endpoint.address}/${endpoint.prefixLength}`,
    mac: endpoint.mac,
  };
}

/** Docker's words for a start whose networking could not be set up; the error's kind is kept. */
function setupFailure(error: unknown): EngineError {
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError(isEngineError(error) ? error.code : "system", `failed to set up container networking: ${message}`);
}
