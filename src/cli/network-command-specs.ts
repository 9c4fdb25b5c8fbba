// What the `docker network` verbs accept, with the wording of Docker's own help.

import type { CommandSpec } from "./command-specs.ts";
import { labelError, validatorOf } from "./container-option-values.ts";
import { readCsvRecord } from "./csv-record.ts";
import type { FlagSpec } from "./flags.ts";
import { inspectFormatHelp, listFormatHelp } from "./format-flag-help.ts";
import { filterFlagError, pruneFlags } from "./list-filters.ts";

/** pflag's StringSlice: comma-separated values, repeatable. */
function stringsFlag(name: string, description: string): FlagSpec {
  return { name, kind: "list", typeName: "strings", description, validate: validatorOf(readCsvRecord) };
}

/** Docker's MapOpts: key=value entries, repeatable. */
function mapFlag(flag: Omit<FlagSpec, "kind" | "typeName" | "defaultValue">): FlagSpec {
  return { ...flag, kind: "list", typeName: "map", defaultValue: "map[]" };
}

export const networkCreateSpec: CommandSpec = {
  name: "create",
  path: "docker network create",
  usage: "docker network create [OPTIONS] NETWORK",
  description: "Create a network",
  interspersed: true,
  args: { min: 1, max: 1 },
  flags: [
    { name: "attachable", kind: "bool", description: "Enable manual container attachment" },
    mapFlag({ name: "aux-address", description: "Auxiliary IPv4 or IPv6 addresses used by Network driver" }),
    { name: "config-from", kind: "string", description: "The network from which to copy the configuration" },
    { name: "config-only", kind: "bool", description: "Create a configuration only network" },
    { name: "driver", shorthand: "d", kind: "string", description: "Driver to manage the Network", defaultValue: "bridge" },
    stringsFlag("gateway", "IPv4 or IPv6 Gateway for the master subnet"),
    { name: "ingress", kind: "bool", description: "Create swarm routing-mesh network" },
    { name: "internal", kind: "bool", description: "Restrict external access to the network" },
    stringsFlag("ip-range", "Allocate container ip from a sub-range"),
    { name: "ipam-driver", kind: "string", description: "IP Address Management Driver", defaultValue: "default" },
    mapFlag({ name: "ipam-opt", description: "Set IPAM driver specific options" }),
    { name: "ipv4", kind: "bool", description: "Enable or disable IPv4 address assignment", defaultValue: "true" },
    { name: "ipv6", kind: "bool", description: "Enable or disable IPv6 address assignment" },
    { name: "label", kind: "list", description: "Set metadata on a network", validate: labelError },
    mapFlag({ name: "opt", shorthand: "o", description: "Set driver specific options" }),
    { name: "scope", kind: "string", description: "Control the network's scope" },
    stringsFlag("subnet", "Subnet in CIDR format that represents a network segment"),
  ],
};

export const networkLsSpec: CommandSpec = {
  name: "ls",
  alternateNames: ["list"],
  path: "docker network ls",
  usage: "docker network ls [OPTIONS]",
  description: "List networks",
  helpAliases: "docker network ls, docker network list",
  interspersed: true,
  args: { max: 0 },
  flags: [
    {
      name: "filter",
      shorthand: "f",
      kind: "list",
      typeName: "filter",
      description: 'Provide filter values (e.g. "driver=bridge")',
      validate: filterFlagError,
    },
    { name: "format", kind: "string", description: listFormatHelp },
    { name: "no-trunc", kind: "bool", description: "Do not truncate the output" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Only display network IDs" },
  ],
};

export const networkInspectSpec: CommandSpec = {
  name: "inspect",
  path: "docker network inspect",
  usage: "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
  description: "Display detailed information on one or more networks",
  interspersed: true,
  args: { min: 1 },
  flags: [
    { name: "format", shorthand: "f", kind: "string", description: inspectFormatHelp },
    { name: "verbose", shorthand: "v", kind: "bool", description: "Verbose output for diagnostics" },
  ],
};

export const networkRmSpec: CommandSpec = {
  name: "rm",
  alternateNames: ["remove"],
  path: "docker network rm",
  usage: "docker network rm NETWORK [NETWORK...]",
  description: "Remove one or more networks",
  helpAliases: "docker network rm, docker network remove",
  interspersed: true,
  args: { min: 1 },
  flags: [{ name: "force", shorthand: "f", kind: "bool", description: "Do not error if the network does not exist" }],
};

export const networkPruneSpec: CommandSpec = {
  name: "prune",
  path: "docker network prune",
  usage: "docker network prune [OPTIONS]",
  description: "Remove all unused networks",
  interspersed: true,
  args: { max: 0 },
  flags: [...pruneFlags],
};

export const networkConnectSpec: CommandSpec = {
  name: "connect",
  path: "docker network connect",
  usage: "docker network connect [OPTIONS] NETWORK CONTAINER",
  description: "Connect a container to a network",
  interspersed: true,
  args: { min: 2, max: 2 },
  flags: [
    stringsFlag("alias", "Add network-scoped alias for the container"),
    stringsFlag("driver-opt", "driver options for the network"),
    { name: "gw-priority", kind: "int", description: "Highest gw-priority provides the default gateway. Accepts positive and negative values." },
    { name: "ip", kind: "string", description: 'IPv4 address (e.g., "172.30.100.104")' },
    { name: "ip6", kind: "string", description: 'IPv6 address (e.g., "2001:db8::33")' },
    { name: "link", kind: "list", description: "Add link to another container" },
    stringsFlag("link-local-ip", "Add a link-local address for the container"),
  ],
};

export const networkDisconnectSpec: CommandSpec = {
  name: "disconnect",
  path: "docker network disconnect",
  usage: "docker network disconnect [OPTIONS] NETWORK CONTAINER",
  description: "Disconnect a container from a network",
  interspersed: true,
  args: { min: 2, max: 2 },
  flags: [{ name: "force", shorthand: "f", kind: "bool", description: "Force the container to disconnect from a network" }],
};
