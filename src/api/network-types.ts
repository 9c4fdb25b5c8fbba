// Docker Engine API v1.50 shapes for networks and a container's networking (a subset; field names
// follow the spec): what NetworkList, NetworkInspect, NetworkCreate, NetworkConnect,
// NetworkDisconnect and NetworkPrune carry, and the networking fields of container create.

/** One address pool of a network: `{"Subnet": "172.18.0.0/16", "Gateway": "172.18.0.1"}`. */
export interface IPAMConfig {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

export interface IPAM {
  /** "default" */
  Driver?: string;
  Config?: IPAMConfig[];
  Options?: Record<string, string> | null;
}

/** A container on a network, as network inspect lists it. */
export interface NetworkContainer {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  /** With its prefix length: "172.18.0.2/16". */
  IPv4Address: string;
  IPv6Address: string;
}

/** A network as NetworkList (without Containers) and NetworkInspect return it. */
export interface Network {
  Name: string;
  Id: string;
  /** RFC 3339 with nanoseconds. */
  Created: string;
  /** "local" */
  Scope: string;
  /** "bridge", "host" or "null". */
  Driver: string;
  EnableIPv4: boolean;
  EnableIPv6: boolean;
  IPAM: IPAM;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  /** Container id → its endpoint; inspect only. */
  Containers?: Record<string, NetworkContainer>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

export interface NetworkCreateRequest {
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network: string };
  IPAM?: IPAM;
  /** Left out to take the daemon's default (on). */
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

export interface NetworkCreateResponse {
  Id: string;
  Warning: string;
}

export interface EndpointIPAMConfig {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[];
}

/** A container's endpoint on one network: what a client asks for, and (inspect) what it got. */
export interface EndpointSettings {
  IPAMConfig?: EndpointIPAMConfig | null;
  Links?: string[] | null;
  MacAddress?: string;
  Aliases?: string[] | null;
  DriverOpts?: Record<string, string> | null;
  GwPriority?: number;
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  DNSNames?: string[] | null;
}

export interface NetworkingConfig {
  /** Network name or id → the endpoint wanted there. */
  EndpointsConfig?: Record<string, EndpointSettings>;
}

export interface NetworkConnectRequest {
  Container: string;
  EndpointConfig?: EndpointSettings;
}

export interface NetworkDisconnectRequest {
  Container: string;
  Force?: boolean;
}

export interface NetworkPruneResponse {
  NetworksDeleted: string[] | null;
}

/** A host address and port a container port is published on; "" picks one ("0.0.0.0", an ephemeral port). */
export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

/** "80/tcp" → its bindings (null: exposed, not published). */
export type PortMap = Record<string, PortBinding[] | null>;

/** The networking part of a container's HostConfig. */
export interface NetworkHostConfig {
  /** "default" (the bridge), "bridge", "host", "none", "container:<id>" or a network's name or id. */
  NetworkMode?: string;
  PortBindings?: PortMap;
  PublishAllPorts?: boolean;
  /** DNS servers, recorded for forwarding names the embedded DNS does not know. */
  Dns?: string[];
  /** "name:address" lines for /etc/hosts. */
  ExtraHosts?: string[];
}
