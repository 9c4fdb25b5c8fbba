// Turns `docker network create` options into the body of POST /networks/create as the docker CLI
// fills it, including its client-side checks of --subnet, --ip-range, --gateway and --aux-address
// (createIPAMConfig): each must fall in exactly one subnet, one of each per subnet. Failures throw
// OptionValueError with the CLI's words.

import { networkContains, parseCIDR, parseIP } from "../api/ip-address.ts";
import type { IPAMConfig, NetworkCreateRequest } from "../api/network-types.ts";
import { OptionValueError } from "./container-option-values.ts";
import { stringSliceValues } from "./csv-record.ts";
import type { FlagValues } from "./flags.ts";

export function buildNetworkCreateRequest(name: string, flags: FlagValues): NetworkCreateRequest {
  const request: NetworkCreateRequest = {
    Name: name,
    Driver: flags.string("driver") ?? "bridge",
    Options: keyValueMap(flags.list("opt")),
    IPAM: {
      Driver: flags.string("ipam-driver") ?? "default",
      Config: ipamConfig(flags),
      Options: keyValueMap(flags.list("ipam-opt")),
    },
    Labels: keyValueMap(flags.list("label")),
  };
  if (flags.bool("internal")) request.Internal = true;
  if (flags.changed("ipv4")) request.EnableIPv4 = flags.bool("ipv4");
  if (flags.changed("ipv6")) request.EnableIPv6 = flags.bool("ipv6");
  if (flags.bool("attachable")) request.Attachable = true;
  if (flags.bool("ingress")) request.Ingress = true;
  if (flags.string("scope")) request.Scope = flags.string("scope");
  if (flags.bool("config-only")) request.ConfigOnly = true;
  if (flags.string("config-from")) request.ConfigFrom = { Network: flags.string("config-from")! };
  return request;
}

/** MapOpts and ConvertKVStringsToMap: `key=value`, or `key` for "". */
function keyValueMap(entries: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf("=");
    map[equals < 0 ? entry : entry.slice(0, equals)] = equals < 0 ? "" : entry.slice(equals + 1);
  }
  return map;
}

/** createIPAMConfig: one pool per subnet, in the order given. */
function ipamConfig(flags: FlagValues): IPAMConfig[] {
  const subnets = stringSliceValues(flags.list("subnet"));
  const ranges = stringSliceValues(flags.list("ip-range"));
  const gateways = stringSliceValues(flags.list("gateway"));
  if (subnets.length < ranges.length || subnets.length < gateways.length) {
    throw new OptionValueError("every ip-range or gateway must have a corresponding subnet");
  }
  const pools = new Map<string, IPAMConfig>();
  for (const subnet of subnets) {
    for (const existing of pools.keys()) {
      if (subnetMatches(subnet, existing) || subnetMatches(existing, subnet)) {
        throw new OptionValueError("multiple overlapping subnet configuration is not supported");
      }
    }
    pools.set(subnet, { Subnet: subnet });
  }

  for (const range of ranges) {
    let matched = false;
    for (const subnet of subnets) {
      if (!parseCIDR(range)) throw new OptionValueError(`invalid CIDR address: ${range}`);
      if (!subnetMatches(subnet, range)) continue;
      const pool = pools.get(subnet)!;
      if (pool.IPRange) throw new OptionValueError(`cannot configure multiple ranges (${range}, ${pool.IPRange}) on the same subnet (${subnet})`);
      pool.IPRange = range;
      matched = true;
    }
    if (!matched) throw new OptionValueError(`no matching subnet for range ${range}`);
  }

  for (const gateway of gateways) {
    let matched = false;
    for (const subnet of subnets) {
      if (!subnetMatches(subnet, gateway)) continue;
      const pool = pools.get(subnet)!;
      if (pool.Gateway) throw new OptionValueError(`cannot configure multiple gateways (${gateway}, ${pool.Gateway}) for the same subnet (${subnet})`);
      pool.Gateway = gateway;
      matched = true;
    }
    if (!matched) throw new OptionValueError(`no matching subnet for gateway ${gateway}`);
  }

  for (const [key, address] of Object.entries(keyValueMap(flags.list("aux-address")))) {
    let matched = false;
    for (const subnet of subnets) {
      if (!subnetMatches(subnet, address)) continue;
      const pool = pools.get(subnet)!;
      pool.AuxiliaryAddresses = { ...pool.AuxiliaryAddresses, [key]: address };
      matched = true;
    }
    if (!matched) throw new OptionValueError(`no matching subnet for aux-address ${address}`);
  }
  return [...pools.values()];
}

/** Whether `data` (an address, or a CIDR's address) is in `subnet`. */
function subnetMatches(subnet: string, data: string): boolean {
  const network = parseCIDR(subnet);
  if (!network) throw new OptionValueError(`invalid subnet: invalid CIDR address: ${subnet}`);
  let address: Uint8Array | undefined;
  if (data.includes("/")) {
    if (!parseCIDR(data)) throw new OptionValueError(`invalid CIDR address: ${data}`);
    address = parseIP(data.slice(0, data.indexOf("/")));
  } else {
    address = parseIP(data);
  }
  return address !== undefined && networkContains(network, address);
}
