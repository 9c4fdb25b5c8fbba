// A new bridge network's addressing: the user's IPAM configuration (`--subnet`, `--gateway`,
// `--ip-range`) checked as Docker's ValidateIPAM does and refused when it overlaps a network that
// exists, or else the first of Docker's default pools no network overlaps: 172.17–172.31.0.0/16
// (172.17 is the default bridge's), then 192.168.0.0/20, 192.168.16.0/20, …

import { EngineError } from "../../src/api/errors.ts";
import type { IPAMConfig } from "../../src/api/network-types.ts";
import {
  formatIpv4,
  formatPrefix,
  isMasked,
  looksLikeIpv6,
  masked,
  parseIpv4,
  parsePrefix,
  prefixContains,
  prefixesOverlap,
  type Ipv4Prefix,
} from "./ipv4.ts";
import type { NetworkAddressing } from "./network-record.ts";

/** Docker's default address pools: `count` blocks of prefix length `length` from `first` on. */
const defaultPools = [
  { first: "172.17.0.0", length: 16, count: 15 },
  { first: "192.168.0.0", length: 20, count: 16 },
];

export function chooseAddressing(configs: IPAMConfig[], taken: NetworkAddressing[]): NetworkAddressing {
  const takenBlocks = taken.map((addressing) => parsePrefix(addressing.subnet)!);
  const [config] = checkedConfigs(configs);
  if (!config) return defaultAddressing(takenBlocks);
  if (!config.Subnet) throw new EngineError("not-implemented", "berth needs a subnet with --gateway or --ip-range (give --subnet too)");
  const subnet = parsePrefix(config.Subnet)!;
  if (takenBlocks.some((block) => prefixesOverlap(block, subnet))) {
    throw new EngineError("forbidden", "invalid pool request: Pool overlaps with other one on this address space");
  }
  return {
    subnet: formatPrefix(subnet),
    gateway: config.Gateway || formatIpv4(subnet.address + 1),
    ...(config.IPRange ? { ipRange: config.IPRange } : {}),
    userSubnet: true,
    userGateway: Boolean(config.Gateway),
  };
}

function defaultAddressing(takenBlocks: Ipv4Prefix[]): NetworkAddressing {
  for (const pool of defaultPools) {
    for (let index = 0; index < pool.count; index++) {
      const address = parseIpv4(pool.first)! + index * 2 ** (32 - pool.length);
      const candidate = { address, length: pool.length };
      if (takenBlocks.some((block) => prefixesOverlap(block, candidate))) continue;
      return { subnet: formatPrefix(candidate), gateway: formatIpv4(address + 1), userSubnet: false, userGateway: false };
    }
  }
  throw new EngineError("unavailable", "all predefined address pools have been fully subnetted");
}

/** The configurations after Docker's checks (its messages, all problems at once); IPv4 only, one subnet. */
function checkedConfigs(configs: IPAMConfig[]): IPAMConfig[] {
  const problems: string[] = [];
  for (const config of configs) {
    if (looksLikeIpv6(config.Subnet ?? "")) throw new EngineError("not-implemented", `berth networks are IPv4 only: ${config.Subnet}`);
    if (!config.Subnet) continue;
    const subnet = parsePrefix(config.Subnet);
    if (!subnet) {
      problems.push(`invalid subnet ${config.Subnet}: invalid CIDR block notation`);
      continue;
    }
    if (!isMasked(subnet)) problems.push(`invalid subnet ${config.Subnet}: it should be ${formatPrefix(masked(subnet))}`);
    problems.push(...ipRangeProblems(config.IPRange, subnet));
    const gatewayProblem = addressProblem(config.Gateway, subnet);
    if (gatewayProblem) problems.push(`invalid gateway ${config.Gateway}: ${gatewayProblem}`);
    for (const [name, address] of Object.entries(config.AuxiliaryAddresses ?? {})) {
      const problem = addressProblem(address, subnet);
      if (problem) problems.push(`invalid auxiliary address ${name}: ${problem}`);
    }
  }
  if (problems.length === 1) throw new EngineError("invalid", `invalid network config:\n${problems[0]}`);
  if (problems.length > 1) throw new EngineError("invalid", `invalid network config:\n* ${problems.join("\n* ")}`);
  if (configs.length > 1) throw new EngineError("not-implemented", "berth networks have one IPv4 subnet each");
  return configs;
}

function ipRangeProblems(ipRange: string | undefined, subnet: Ipv4Prefix): string[] {
  if (!ipRange) return [];
  if (looksLikeIpv6(ipRange)) return [`invalid ip-range ${ipRange}: parent subnet is an IPv4 block`];
  const range = parsePrefix(ipRange);
  if (!range) return [`invalid ip-range ${ipRange}: invalid CIDR block notation`];
  const problems: string[] = [];
  if (range.length < subnet.length) problems.push(`invalid ip-range ${ipRange}: CIDR block is bigger than its parent subnet ${formatPrefix(subnet)}`);
  if (!isMasked(range)) problems.push(`invalid ip-range ${ipRange}: it should be ${formatPrefix(masked(range))}`);
  if (!prefixesOverlap(subnet, range)) problems.push(`invalid ip-range ${ipRange}: parent subnet ${formatPrefix(subnet)} doesn't contain ip-range`);
  return problems;
}

function addressProblem(address: string | undefined, subnet: Ipv4Prefix): string | undefined {
  if (!address) return undefined;
  if (looksLikeIpv6(address)) return "parent subnet is an IPv4 block";
  const parsed = parseIpv4(address);
  if (parsed === undefined) return "invalid address";
  if (!prefixContains(subnet, parsed)) return `parent subnet ${formatPrefix(subnet)} doesn't contain this address`;
  return undefined;
}
