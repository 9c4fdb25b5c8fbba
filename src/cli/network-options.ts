// The networking options of `docker run`/`docker create` as the docker CLI reads them: `--network`
// (a name, or the long syntax `name=app,alias=db,ip=172.18.0.9`), combined with --network-alias and
// --ip into the endpoint of each network (parseNetworkOpts), and the checks of --add-host and --dns.
// Failures throw OptionValueError with the CLI's words.

import { formatIP, parseIP } from "../api/ip-address.ts";
import type { EndpointSettings } from "../api/network-types.ts";
import { OptionValueError } from "./container-option-values.ts";
import { readCsvRecord } from "./csv-record.ts";
import { goQuote } from "./go-quote.ts";

/** One --network value (opts.NetworkAttachmentOpts). */
export interface NetworkAttachment {
  target: string;
  aliases: string[];
  ipv4Address: string;
  ipv6Address: string;
  macAddress: string;
  linkLocalIPs: string[];
  driverOpts?: Record<string, string>;
  gwPriority: number;
}

/** NetworkOpt.Set: a name, or key=value fields (keys and values lower-cased, as Docker does). */
export function parseNetworkAttachment(value: string): NetworkAttachment {
  const attachment: NetworkAttachment = { target: value, aliases: [], ipv4Address: "", ipv6Address: "", macAddress: "", linkLocalIPs: [], gwPriority: 0 };
  if (!/\w+=\w+/.test(value)) return attachment;
  attachment.target = "";
  for (const field of readCsvRecord(value)) {
    const lowered = field.toLowerCase();
    const equals = lowered.indexOf("=");
    if (equals <= 0) throw new OptionValueError(`invalid field ${field}`);
    const key = lowered.slice(0, equals).trim();
    const fieldValue = lowered.slice(equals + 1).trim();
    if (key === "name") attachment.target = fieldValue;
    else if (key === "alias") attachment.aliases.push(fieldValue);
    else if (key === "ip") attachment.ipv4Address = fieldValue;
    else if (key === "ip6") attachment.ipv6Address = fieldValue;
    else if (key === "mac-address") attachment.macAddress = fieldValue;
    else if (key === "link-local-ip") attachment.linkLocalIPs.push(fieldValue);
    else if (key === "driver-opt") {
      const [optionKey, optionValue] = driverOption(fieldValue);
      attachment.driverOpts = { ...attachment.driverOpts, [optionKey]: optionValue };
    } else if (key === "gw-priority") attachment.gwPriority = parseGwPriority(fieldValue);
    else throw new OptionValueError(`invalid field key ${key}`);
  }
  if (attachment.target === "") throw new OptionValueError("network name/id is not specified");
  return attachment;
}

function driverOption(text: string): [string, string] {
  const equals = text.indexOf("=");
  if (equals < 0 || text.slice(0, equals).trim() === "") throw new OptionValueError("invalid key value pair format in driver options");
  return [text.slice(0, equals).trim(), text.slice(equals + 1).trim()];
}

/** strconv.Atoi with the reason Docker keeps of its error. */
function parseGwPriority(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new OptionValueError(`invalid gw-priority (${text}): invalid syntax`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new OptionValueError(`invalid gw-priority (${text}): value out of range`);
  return value;
}

/** container.NetworkMode's IsUserDefined: not default, bridge, host, none or container:<id>. */
export function isUserDefinedNetwork(mode: string): boolean {
  return !["default", "bridge", "host", "none"].includes(mode) && !/^container:/.test(mode);
}

/** The run options parseNetworkOpts combines with the first network. */
export interface EndpointFlags {
  aliases: readonly string[];
  ipv4Address?: string;
}

/**
 * parseNetworkOpts: the endpoint wanted on each network, keyed by the name given ("default" when
 * no --network was). A single network given without endpoint options has no entry, as Docker's CLI
 * leaves it to the daemon; so has the default network without options.
 */
export function endpointsConfig(networks: readonly string[], flags: EndpointFlags): Record<string, EndpointSettings> {
  const attachments = networks.map(parseNetworkAttachment);
  const endpoints: Record<string, EndpointSettings> = {};
  if (attachments.length === 0) {
    const endpoint = endpointSettings(withContainerFlags(parseNetworkAttachment("default"), flags));
    if (Object.keys(endpoint).length > 0) endpoints.default = endpoint;
    return endpoints;
  }
  let userDefined = false;
  let builtIn = false;
  for (const [index, given] of attachments.entries()) {
    if (isUserDefinedNetwork(given.target)) userDefined = true;
    else builtIn = true;
    const endpoint = endpointSettings(index === 0 ? withContainerFlags(given, flags) : given);
    if (given.target in endpoints) throw new OptionValueError(`network "${given.target}" is specified multiple times`);
    if (attachments.length === 1 && Object.keys(endpoint).length === 0) continue;
    endpoints[given.target] = endpoint;
  }
  if (userDefined && builtIn) throw new OptionValueError("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
  return endpoints;
}

/** applyContainerOptions: --network-alias and --ip apply to the first network. */
function withContainerFlags(attachment: NetworkAttachment, flags: EndpointFlags): NetworkAttachment {
  if (attachment.aliases.length > 0 && flags.aliases.length > 0) {
    throw new OptionValueError("conflicting options: cannot specify both --network-alias and per-network alias");
  }
  if (attachment.ipv4Address !== "" && flags.ipv4Address) {
    throw new OptionValueError("conflicting options: cannot specify both --ip and per-network IPv4 address");
  }
  return {
    ...attachment,
    aliases: flags.aliases.length > 0 ? [...flags.aliases] : attachment.aliases,
    ipv4Address: flags.ipv4Address || attachment.ipv4Address,
  };
}

/** parseNetworkAttachmentOpt: the endpoint's fields that were given. */
function endpointSettings(attachment: NetworkAttachment): EndpointSettings {
  if (attachment.target.trim() === "") throw new OptionValueError("no name set for network");
  if (!isUserDefinedNetwork(attachment.target) && attachment.aliases.length > 0) {
    throw new OptionValueError("network-scoped aliases are only supported for user-defined networks");
  }
  const endpoint: EndpointSettings = {};
  if (attachment.gwPriority !== 0) endpoint.GwPriority = attachment.gwPriority;
  if (attachment.aliases.length > 0) endpoint.Aliases = attachment.aliases;
  if (attachment.driverOpts) endpoint.DriverOpts = attachment.driverOpts;
  if (attachment.ipv4Address || attachment.ipv6Address || attachment.linkLocalIPs.length > 0) {
    endpoint.IPAMConfig = {
      ...(attachment.ipv4Address ? { IPv4Address: attachment.ipv4Address } : {}),
      ...(attachment.ipv6Address ? { IPv6Address: attachment.ipv6Address } : {}),
      ...(attachment.linkLocalIPs.length > 0 ? { LinkLocalIPs: attachment.linkLocalIPs } : {}),
    };
  }
  if (attachment.macAddress) {
    if (!/^[0-9a-f]{2}(?:([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4})$/i.test(attachment.macAddress)) {
      throw new OptionValueError(`${attachment.macAddress} is not a valid mac address`);
    }
    endpoint.MacAddress = attachment.macAddress;
  }
  return endpoint;
}

/** opts.ValidateExtraHost: "name:address" or "name=address" (brackets allowed) as "name:address". */
export function normalizeExtraHost(value: string): string {
  let separator = value.indexOf("=");
  if (separator < 0) separator = value.indexOf(":");
  const name = separator < 0 ? "" : value.slice(0, separator);
  let address = value.slice(separator + 1);
  if (separator < 0 || name === "" || name.includes(":")) throw new OptionValueError(`bad format for add-host: ${goQuote(value)}`);
  if (address !== "host-gateway") {
    if (address.length > 2 && address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
    if (parseIP(address.trim()) === undefined) throw new OptionValueError(`invalid IP address in add-host: ${goQuote(address)}`);
  }
  return `${name}:${address}`;
}

/** A domain as opts.ValidateDNSSearch reads one (its first group, without the trailing dot, is kept). */
const searchDomain = /^(:?(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))(:?\.(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])))*)\.?\s*$/;

/** opts.ValidateDNSSearch, as --dns-search keeps it: "." or a domain of fewer than 255 characters with a letter. */
export function normalizeDnsSearch(value: string): string {
  const trimmed = value.replace(/^ +| +$/g, "");
  if (trimmed === ".") return trimmed;
  const domain = /[a-zA-Z]/.test(trimmed) ? searchDomain.exec(trimmed)?.[1] : undefined;
  if (domain === undefined || domain.length >= 255) throw new OptionValueError(`${trimmed} is not a valid domain`);
  return domain;
}

/** opts.ValidateIPAddress, as --dns keeps it: the address in Go's canonical form. */
export function normalizeDnsServer(value: string): string {
  const address = parseIP(value.trim());
  if (address === undefined) throw new OptionValueError(`IP address is not correctly formatted: ${value}`);
  return formatIP(address);
}
