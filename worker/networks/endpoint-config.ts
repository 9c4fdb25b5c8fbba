// A container's networks as its create request (or `docker network connect`) asks for them, checked
// as dockerd checks them: HostConfig.NetworkMode names the first network and
// NetworkingConfig.EndpointsConfig may add others and ask for aliases and an address on each. A
// network that does not exist yet is no error at create (Docker lets it be made before the start).

import type { ContainerCreateRequest } from "../../src/api/container-types.ts";
import { EngineError, isEngineError } from "../../src/api/errors.ts";
import type { EndpointSettings } from "../../src/api/network-types.ts";
import { looksLikeIpv6, parseIpv4, parsePrefix, prefixContains } from "./ipv4.ts";
import { isContainerMode, isUserDefined, normalizedNetworkMode } from "./network-mode.ts";
import type { NetworkRecord } from "./network-record.ts";

export interface ContainerNetworkPlan {
  /** HostConfig.NetworkMode as kept: "bridge" for the default. */
  networkMode: string;
  /** Network name → the endpoint asked for on it, the mode's network first. */
  networks: Record<string, EndpointSettings>;
}

/** Finds a network by id, name or id prefix, or throws Docker's not-found. */
export type FindNetwork = (term: string) => NetworkRecord;

export function planContainerNetworks(request: ContainerCreateRequest, find: FindNetwork): ContainerNetworkPlan {
  const networkMode = normalizedNetworkMode(request.HostConfig?.NetworkMode);
  if (isContainerMode(networkMode)) throw new EngineError("not-implemented", `berth does not share a network namespace between containers (--network ${networkMode})`);
  const existing = (term: string) => {
    try {
      return find(term);
    } catch {
      return undefined;
    }
  };
  const modeName = existing(networkMode)?.name ?? networkMode;
  const networks: Record<string, EndpointSettings> = { [modeName]: {} };
  for (const [key, settings] of Object.entries(request.NetworkingConfig?.EndpointsConfig ?? {})) {
    if (!settings) throw new EngineError("invalid", `no EndpointSettings for ${key}`);
    const network = existing(normalizedNetworkMode(key));
    const name = network?.name ?? normalizedNetworkMode(key);
    const problem = Object.keys(networks).map((other) => sharingProblem(other, name)).find(Boolean);
    if (problem) throw new EngineError("invalid", problem);
    try {
      checkEndpointSettings(name, settings, network);
    } catch (error) {
      if (!isEngineError(error)) throw error;
      throw new EngineError(error.code, `invalid config for network ${key}: ${error.message}`);
    }
    networks[name] = requestedEndpoint(settings, network);
  }
  return { networkMode, networks };
}

/** The part of EndpointSettings a client asks for (inspect adds the rest while the container runs). */
export function requestedEndpoint(settings: EndpointSettings, network: NetworkRecord | undefined): EndpointSettings {
  const requested: EndpointSettings = {};
  const { IPv4Address, IPv6Address, LinkLocalIPs } = settings.IPAMConfig ?? {};
  if (IPv4Address || IPv6Address || LinkLocalIPs?.length) requested.IPAMConfig = { ...settings.IPAMConfig };
  if (settings.Aliases?.length) requested.Aliases = [...settings.Aliases];
  if (settings.MacAddress) requested.MacAddress = settings.MacAddress;
  if (settings.DriverOpts && Object.keys(settings.DriverOpts).length > 0) requested.DriverOpts = { ...settings.DriverOpts };
  if (network) requested.NetworkID = network.id;
  return requested;
}

/** Docker's checks of an endpoint on network `name`, with the network's own subnet when it exists. */
export function checkEndpointSettings(name: string, settings: EndpointSettings, network: NetworkRecord | undefined): void {
  const problems = endpointProblems(name, settings, network);
  if (problems.length === 0) return;
  const listed = problems.length === 1 ? problems[0] : `* ${problems.join("\n* ")}`;
  throw new EngineError("invalid", `invalid endpoint settings:\n${listed}`);
}

function endpointProblems(name: string, settings: EndpointSettings, network: NetworkRecord | undefined): string[] {
  const problems: string[] = [];
  const ipv4 = settings.IPAMConfig?.IPv4Address ?? "";
  const ipv6 = settings.IPAMConfig?.IPv6Address ?? "";
  if (ipv6) throw new EngineError("not-implemented", `berth networks are IPv4 only: ${ipv6}`);
  if (!isUserDefined(name)) {
    if (ipv4) problems.push("user specified IP address is supported on user defined networks only");
    if (settings.Aliases?.length) problems.push("network-scoped alias is supported only for containers in user defined networks");
  }
  const address = ipv4 ? parseIpv4(ipv4) : undefined;
  if (ipv4 && (address === undefined || address === 0 || looksLikeIpv6(ipv4))) problems.push(`invalid IPv4 address: ${ipv4}`);
  if (address !== undefined && network && isUserDefined(name)) {
    if (!network.addressing?.userSubnet) problems.push("user specified IP address is supported only when connecting to networks with user configured subnets");
    else if (!prefixContains(parsePrefix(network.addressing.subnet)!, address)) problems.push(`no configured subnet or ip-range contain the IP address ${ipv4}`);
  }
  if (settings.MacAddress && !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(settings.MacAddress)) problems.push(`invalid MAC address: ${settings.MacAddress}`);
  return problems;
}

/** Why a container on network `current` cannot also be on `adding` (Docker's rules for host and none). */
export function sharingProblem(current: string, adding: string): string | undefined {
  if (current === adding) return undefined;
  if (current === "host" || adding === "host") return "container sharing network namespace with another container or host cannot be connected to any other network";
  if (current === "none" || adding === "none") return "container cannot be connected to multiple networks with one of the networks in private (none) mode";
  return undefined;
}
