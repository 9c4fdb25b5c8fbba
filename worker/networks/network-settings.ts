// A container's networks as Docker's API shows them: inspect's NetworkSettings (each network's
// endpoint, with empty addresses while the container is stopped; the top-level fields describe the
// default bridge, as Docker's deprecated ones do), the container list's summary, and the entries of
// network inspect's Containers map.

import type { ContainerNetworkSettings, ContainerSummary } from "../../src/api/container-types.ts";
import type { EndpointSettings, NetworkContainer } from "../../src/api/network-types.ts";
import type { ContainerRecord } from "../containers/container-record.ts";
import { guestBundlePath } from "./bundle-files.ts";
import type { Endpoint } from "./endpoint-table.ts";
import { isHostMode, isNoneMode, normalizedNetworkMode } from "./network-mode.ts";
import { portMapView, summaryPortsView } from "./port-bindings.ts";
import type { PublishedPort } from "./published-ports.ts";

/** What the views need of a container beyond its record. */
export interface ContainerNetworkState {
  /** Its endpoints while it runs, in order; none when stopped. */
  endpoints: readonly Endpoint[];
  /** The host ports it holds while it runs. */
  ports: PublishedPort[];
  running: boolean;
}

/** The container's networks: recorded ones, or the default bridge for records from before networks. */
export function attachedNetworks(record: ContainerRecord): Record<string, EndpointSettings> {
  return record.networks ?? { [normalizedNetworkMode(record.hostConfig.NetworkMode)]: {} };
}

/** One network's entry: what was asked for, with the running endpoint's data (empty when there is none). */
export function endpointView(requested: EndpointSettings, endpoint: Endpoint | undefined): EndpointSettings {
  return {
    IPAMConfig: requested.IPAMConfig ?? null,
    Links: null,
    Aliases: requested.Aliases ?? null,
    MacAddress: endpoint?.mac || requested.MacAddress || "",
    DriverOpts: requested.DriverOpts ?? null,
    GwPriority: 0,
    NetworkID: endpoint?.networkId ?? requested.NetworkID ?? "",
    EndpointID: endpoint?.endpointId ?? "",
    Gateway: endpoint?.gateway ?? "",
    IPAddress: endpoint?.address ?? "",
    IPPrefixLen: endpoint?.prefixLength ?? 0,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    DNSNames: requested.DNSNames ?? null,
  };
}

function networksView(record: ContainerRecord, state: ContainerNetworkState): Record<string, EndpointSettings> {
  const networks = attachedNetworks(record);
  return Object.fromEntries(
    Object.entries(networks).map(([name, requested]) => {
      const endpoint = state.endpoints.find((candidate) => candidate.networkId === requested.NetworkID);
      return [name, endpointView(requested, endpoint)];
    }),
  );
}

export function networkSettingsView(record: ContainerRecord, state: ContainerNetworkState): ContainerNetworkSettings {
  const networks = networksView(record, state);
  const bridge = networks["bridge"];
  const mode = record.hostConfig.NetworkMode;
  return {
    Bridge: "",
    SandboxID: "",
    SandboxKey: state.running && !isHostMode(mode) && !isNoneMode(mode) ? guestBundlePath(record.id, "netns") : "",
    Ports: state.running ? portMapView(record.config, record.hostConfig, state.ports) : {},
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: bridge?.EndpointID ?? "",
    Gateway: bridge?.Gateway ?? "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    IPAddress: bridge?.IPAddress ?? "",
    IPPrefixLen: bridge?.IPPrefixLen ?? 0,
    IPv6Gateway: "",
    MacAddress: bridge?.MacAddress ?? "",
    Networks: networks,
  };
}

/** The container list's network fields. */
export function summaryNetworkView(record: ContainerRecord, state: ContainerNetworkState): Required<Pick<ContainerSummary, "Ports" | "HostConfig" | "NetworkSettings">> {
  return {
    Ports: state.running ? summaryPortsView(portMapView(record.config, record.hostConfig, state.ports)) : [],
    HostConfig: { NetworkMode: normalizedNetworkMode(record.hostConfig.NetworkMode) },
    NetworkSettings: { Networks: networksView(record, state) },
  };
}

/** The container's entry in network inspect's Containers map. */
export function networkContainerView(record: ContainerRecord, endpoint: Endpoint): NetworkContainer {
  return {
    Name: record.name,
    EndpointID: endpoint.endpointId,
    MacAddress: endpoint.mac,
    IPv4Address: endpoint.address ? `${endpoint.address}/${endpoint.prefixLength}` : "",
    IPv6Address: "",
  };
}
