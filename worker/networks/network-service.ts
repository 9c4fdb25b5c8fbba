// Docker's network operations: list, inspect, create, remove, prune, and connecting and
// disconnecting containers (a running one at once through its agent, a stopped one from its next
// start). The predefined networks cannot be made or removed; a network with running containers
// cannot be removed. Events: create and destroy here, connect and disconnect with the endpoints.

import { EngineError } from "../../src/api/errors.ts";
import type {
  Network,
  NetworkConnectRequest,
  NetworkContainer,
  NetworkCreateRequest,
  NetworkCreateResponse,
  NetworkDisconnectRequest,
  NetworkPruneResponse,
} from "../../src/api/network-types.ts";
import { rfc3339Nano, type ContainerRecord } from "../containers/container-record.ts";
import { randomId } from "../containers/random-id.ts";
import type { ContainerNetworking } from "./container-networking.ts";
import { checkEndpointSettings, requestedEndpoint, sharingProblem } from "./endpoint-config.ts";
import type { EndpointTable } from "./endpoint-table.ts";
import { chooseAddressing } from "./ipam-config.ts";
import type { NetworkAgent } from "./network-agent.ts";
import type { NetworkEvents } from "./network-events.ts";
import { networkListFilter, networkPruneFilter, type Filters } from "./network-filters.ts";
import type { NetworkIndex } from "./network-index.ts";
import { isHostMode } from "./network-mode.ts";
import { bridgeName, isPredefinedName, networkView, type NetworkRecord } from "./network-record.ts";
import { attachedNetworks, networkContainerView } from "./network-settings.ts";

/** What the network operations need of containers. */
export interface NetworkedContainers {
  resolve(idOrName: string): ContainerRecord;
  get(id: string): ContainerRecord | undefined;
  /** Saves the record and resolves once it is stored. */
  save(record: ContainerRecord): Promise<void>;
  /** The agent of the guest a running (or paused) container runs in; undefined when it does not run. */
  runningAgent(record: ContainerRecord): NetworkAgent | undefined;
}

export interface NetworkServiceDependencies {
  networks: NetworkIndex;
  endpoints: EndpointTable;
  networking: ContainerNetworking;
  containers: NetworkedContainers;
  events: NetworkEvents;
  /** The guest's agent if the guest is up (bridges of removed networks are removed there). */
  guestAgent(): Promise<NetworkAgent | undefined>;
}

export class NetworkService {
  constructor(private readonly deps: NetworkServiceDependencies) {}

  list(filters: Filters = {}): Network[] {
    const included = networkListFilter(filters, (network) => this.deps.endpoints.onNetwork(network.id).length > 0);
    return this.deps.networks
      .list()
      .filter(included)
      .map((network) => networkView(network));
  }

  inspect(term: string): Network {
    const network = this.deps.networks.find(term);
    const containers: Record<string, NetworkContainer> = {};
    for (const endpoint of this.deps.endpoints.onNetwork(network.id)) {
      const record = this.deps.containers.get(endpoint.containerId);
      if (record) containers[record.id] = networkContainerView(record, endpoint);
    }
    return networkView(network, containers);
  }

  async create(request: NetworkCreateRequest): Promise<NetworkCreateResponse> {
    const name = request.Name ?? "";
    if (!name) throw new EngineError("invalid", "invalid name: ");
    if (isPredefinedName(name)) throw new EngineError("forbidden", `operation is not permitted on predefined ${name} network `);
    if (this.deps.networks.byName(name)) throw new EngineError("conflict", `network with name ${name} already exists`);
    const driver = request.Driver || "bridge";
    if (driver === "host" || driver === "null") throw new EngineError("forbidden", `only one instance of "${driver}" network is allowed`);
    if (driver !== "bridge") throw new EngineError("not-found", `plugin "${driver}" not found`);
    if (request.EnableIPv6) throw new EngineError("not-implemented", "berth networks are IPv4 only (--ipv6)");
    if (request.EnableIPv4 === false) throw new EngineError("not-implemented", "berth networks need IPv4 (--ipv4=false)");
    const taken = this.deps.networks.list().flatMap((network) => (network.addressing ? [network.addressing] : []));
    const record: NetworkRecord = {
      id: randomId(),
      name,
      created: rfc3339Nano(Date.now()),
      driver: "bridge",
      internal: Boolean(request.Internal),
      attachable: Boolean(request.Attachable),
      addressing: chooseAddressing(request.IPAM?.Config ?? [], taken),
      ipamOptions: { ...(request.IPAM?.Options ?? {}) },
      options: { ...(request.Options ?? {}) },
      labels: { ...(request.Labels ?? {}) },
    };
    this.deps.networks.add(record);
    await this.deps.networks.settled();
    this.deps.events.publish(record, "create");
    return { Id: record.id, Warning: "" };
  }

  async remove(term: string): Promise<void> {
    await this.#remove(this.deps.networks.find(term));
  }

  async prune(filters: Filters = {}): Promise<NetworkPruneResponse> {
    const included = networkPruneFilter(filters);
    const deleted: string[] = [];
    for (const network of this.deps.networks.list()) {
      if (isPredefinedName(network.name) || !included(network) || this.deps.endpoints.onNetwork(network.id).length > 0) continue;
      await this.#remove(network);
      deleted.push(network.name);
    }
    this.deps.events.pruned();
    // Docker's report has null, not an empty list, when nothing was removed.
    return { NetworksDeleted: deleted.length > 0 ? deleted : null };
  }

  async connect(term: string, request: NetworkConnectRequest): Promise<void> {
    const network = this.deps.networks.find(term);
    const record = this.deps.containers.resolve(request.Container ?? "");
    const requested = request.EndpointConfig ?? {};
    const current = Object.keys(attachedNetworks(record));
    if (isHostMode(record.hostConfig.NetworkMode) && network.name === "host") {
      throw new EngineError("forbidden", "container cannot be disconnected from host network or connected to host network");
    }
    const problem = current.map((name) => sharingProblem(name, network.name)).find(Boolean);
    if (problem) throw new EngineError("invalid", problem);
    checkEndpointSettings(network.name, requested, network);
    const agent = this.deps.containers.runningAgent(record);
    if (agent) {
      await this.deps.networking.connect(record, network, requested, agent);
    } else if (current.includes(network.name)) {
      return;
    } else {
      record.networks = { ...attachedNetworks(record), [network.name]: requestedEndpoint(requested, network) };
    }
    await this.deps.containers.save(record);
  }

  async disconnect(term: string, request: NetworkDisconnectRequest): Promise<void> {
    const network = this.deps.networks.find(term);
    const record = this.deps.containers.resolve(request.Container ?? "");
    if (isHostMode(record.hostConfig.NetworkMode) && network.name === "host") {
      throw new EngineError("forbidden", "container cannot be disconnected from host network or connected to host network");
    }
    const agent = this.deps.containers.runningAgent(record);
    if (agent) {
      await this.deps.networking.disconnect(record, network, agent);
    } else {
      const { [network.name]: recorded, ...others } = attachedNetworks(record);
      if (!recorded) throw new EngineError("conflict", `container ${record.id} is not connected to the network ${network.name}`);
      record.networks = others;
    }
    await this.deps.containers.save(record);
  }

  async #remove(network: NetworkRecord): Promise<void> {
    if (isPredefinedName(network.name)) throw new EngineError("forbidden", `${network.name} is a pre-defined network and cannot be removed`);
    const active = this.deps.endpoints.onNetwork(network.id);
    if (active.length > 0) {
      const named = active.map((endpoint) => `name:"${this.deps.containers.get(endpoint.containerId)?.name ?? ""}" id:"${endpoint.endpointId.slice(0, 12)}"`);
      throw new EngineError("forbidden", `error while removing network: network ${network.name} has active endpoints (${named.join(", ")})`);
    }
    const agent = await this.deps.guestAgent();
    await agent?.removeBridge(bridgeName(network));
    this.deps.networks.remove(network.id);
    this.deps.endpoints.forgetNetwork(network.id);
    await this.deps.networks.settled();
    this.deps.events.publish(network, "destroy");
  }
}
