// The networking flags `docker run` and `docker create` share, worded as Docker's help words them,
// with the checks Docker's CLI makes as it parses each value. --net and --net-alias are Docker's
// older names, hidden from help.

import { validatorOf } from "./container-option-values.ts";
import type { FlagSpec } from "./flags.ts";
import { normalizeDnsSearch, normalizeDnsServer, normalizeExtraHost, parseNetworkAttachment } from "./network-options.ts";

const networkFlag: FlagSpec = {
  name: "network",
  kind: "list",
  typeName: "network",
  description: "Connect a container to a network",
  validate: validatorOf(parseNetworkAttachment),
};
const dnsOptionFlag: FlagSpec = { name: "dns-option", kind: "list", description: "Set DNS options" };
const networkAliasFlag: FlagSpec = { name: "network-alias", kind: "list", description: "Add network-scoped alias for the container" };

export const containerNetworkFlags: FlagSpec[] = [
  { name: "add-host", kind: "list", description: "Add a custom host-to-IP mapping (host:ip)", validate: validatorOf(normalizeExtraHost) },
  { name: "dns", kind: "list", description: "Set custom DNS servers", validate: validatorOf(normalizeDnsServer) },
  dnsOptionFlag,
  { ...dnsOptionFlag, name: "dns-opt", aliasFor: "dns-option" },
  { name: "dns-search", kind: "list", description: "Set custom DNS search domains", validate: validatorOf(normalizeDnsSearch) },
  { name: "expose", kind: "list", description: "Expose a port or a range of ports" },
  { name: "ip", kind: "string", description: "IPv4 address (e.g., 172.30.100.104)" },
  networkFlag,
  { ...networkFlag, name: "net", aliasFor: "network" },
  networkAliasFlag,
  { ...networkAliasFlag, name: "net-alias", aliasFor: "network-alias" },
  { name: "publish", shorthand: "p", kind: "list", description: "Publish a container's port(s) to the host" },
  { name: "publish-all", shorthand: "P", kind: "bool", description: "Publish all exposed ports to random ports" },
];
