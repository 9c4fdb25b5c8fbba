// A network is a persisted record (this file) plus, while containers run on it, their endpoints
// (endpoint-table.ts). The predefined networks are records too, made once per state directory (as
// dockerd makes them at its first start): `bridge` (the guest's docker0), `host` and `none`.

import type { IPAMConfig, Network, NetworkContainer } from "../../src/api/network-types.ts";
import type { RecordStore } from "../metadata/record-store.ts";

export type NetworkDriver = "bridge" | "host" | "null";

/** Where a bridge network's addresses come from. */
export interface NetworkAddressing {
  /** A masked block: "172.18.0.0/16". */
  subnet: string;
  gateway: string;
  /** The part of the subnet containers get addresses from (`--ip-range`). */
  ipRange?: string;
  /** The user chose the subnet (`--subnet`): only then may a container ask for an address (`--ip`). */
  userSubnet: boolean;
  /** The user chose the gateway: inspect then shows it in the IPAM config. */
  userGateway: boolean;
}

export interface NetworkRecord {
  /** 64 lowercase hex characters. */
  id: string;
  name: string;
  /** RFC 3339 with nanoseconds. */
  created: string;
  driver: NetworkDriver;
  internal: boolean;
  attachable: boolean;
  /** Bridge networks only. */
  addressing?: NetworkAddressing;
  ipamOptions: Record<string, string>;
  options: Record<string, string>;
  labels: Record<string, string>;
}

export type NetworkMetadataStore = RecordStore<NetworkRecord>;

export const PREDEFINED_NETWORKS = ["bridge", "host", "none"] as const;

export function isPredefinedName(name: string): boolean {
  return (PREDEFINED_NETWORKS as readonly string[]).includes(name);
}

/** The default bridge's options, as dockerd reports them. */
const defaultBridgeOptions = {
  "com.docker.network.bridge.default_bridge": "true",
  "com.docker.network.bridge.enable_icc": "true",
  "com.docker.network.bridge.enable_ip_masquerade": "true",
  "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
  "com.docker.network.bridge.name": "docker0",
  "com.docker.network.driver.mtu": "1500",
};

/** The record of a predefined network, made with a new id. */
export function predefinedNetwork(name: (typeof PREDEFINED_NETWORKS)[number], id: string, created: string): NetworkRecord {
  const common = { id, name, created, internal: false, attachable: false, ipamOptions: {}, labels: {} };
  switch (name) {
    case "bridge":
      return {
        ...common,
        driver: "bridge",
        addressing: { subnet: "172.17.0.0/16", gateway: "172.17.0.1", userSubnet: false, userGateway: false },
        options: { ...defaultBridgeOptions },
      };
    case "host":
      return { ...common, driver: "host", options: {} };
    case "none":
      return { ...common, driver: "null", options: {} };
  }
}

/**
 * `--network host`: the guest's shared host namespace, on docker0 with the default bridge's last
 * address (its allocator hands out the lowest free ones, so never this one in practice).
 */
export const HOST_NAMESPACE_LINK = { bridge: "docker0", gateway: "172.17.0.1/16", address: "172.17.255.254/16", mac: "02:42:ac:11:ff:fe" } as const;

/** The guest bridge of a bridge network: docker0 for the default one, br-<12 hex of its id> for the others. */
export function bridgeName(network: NetworkRecord): string {
  return network.name === "bridge" ? "docker0" : `br-${network.id.slice(0, 12)}`;
}

/** The network as Docker's API shows it; `containers` are its running endpoints (empty in lists). */
export function networkView(network: NetworkRecord, containers: Record<string, NetworkContainer> = {}): Network {
  return {
    Name: network.name,
    Id: network.id,
    Created: network.created,
    Scope: "local",
    Driver: network.driver,
    EnableIPv4: network.driver === "bridge",
    EnableIPv6: false,
    IPAM: { Driver: "default", Options: isPredefinedName(network.name) ? null : { ...network.ipamOptions }, Config: ipamView(network.addressing) },
    Internal: network.internal,
    Attachable: network.attachable,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: containers,
    Options: { ...network.options },
    Labels: { ...network.labels },
  };
}

/** The user's configuration as given, or the subnet and gateway the engine chose. */
function ipamView(addressing: NetworkAddressing | undefined): IPAMConfig[] {
  if (!addressing) return [];
  if (!addressing.userSubnet) return [{ Subnet: addressing.subnet, Gateway: addressing.gateway }];
  return [
    {
      Subnet: addressing.subnet,
      ...(addressing.ipRange ? { IPRange: addressing.ipRange } : {}),
      ...(addressing.userGateway ? { Gateway: addressing.gateway } : {}),
    },
  ];
}
