// docker network connect NETWORK CONTAINER: attaches a container to a network, with the aliases,
// addresses and driver options asked for.

import type { EndpointSettings } from "../../api/network-types.ts";
import type { Verb } from "../context.ts";
import { stringSliceValues } from "../csv-record.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import type { FlagValues } from "../flags.ts";
import { networkConnectSpec } from "../network-command-specs.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const networkConnectVerb: Verb = {
  spec: networkConnectSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const [network, container] = parsed.args;
    const endpoint = endpointConfig(parsed.flags);
    if (typeof endpoint === "string") {
      ctx.stderr.write(`${endpoint}\n`);
      return 1;
    }
    try {
      await ctx.engine.networkConnect({ id: network, body: { Container: container, EndpointConfig: endpoint } });
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};

/** The endpoint the flags ask for (only what was given), or why the driver options are malformed. */
function endpointConfig(flags: FlagValues): EndpointSettings | string {
  const driverOpts: Record<string, string> = {};
  for (const option of stringSliceValues(flags.list("driver-opt"))) {
    const equals = option.indexOf("=");
    const key = equals < 0 ? "" : option.slice(0, equals).trim();
    if (key === "") return "invalid key/value pair format in driver options";
    driverOpts[key] = option.slice(equals + 1).trim();
  }
  const endpoint: EndpointSettings = {};
  const ipv4 = flags.string("ip");
  const ipv6 = flags.string("ip6");
  const linkLocal = stringSliceValues(flags.list("link-local-ip"));
  if (ipv4 || ipv6 || linkLocal.length > 0) {
    endpoint.IPAMConfig = { ...(ipv4 ? { IPv4Address: ipv4 } : {}), ...(ipv6 ? { IPv6Address: ipv6 } : {}), ...(linkLocal.length > 0 ? { LinkLocalIPs: linkLocal } : {}) };
  }
  const aliases = stringSliceValues(flags.list("alias"));
  if (aliases.length > 0) endpoint.Aliases = aliases;
  if (flags.list("link").length > 0) endpoint.Links = flags.list("link");
  if (Object.keys(driverOpts).length > 0) endpoint.DriverOpts = driverOpts;
  const priority = flags.int("gw-priority") ?? 0;
  if (priority !== 0) endpoint.GwPriority = priority;
  return endpoint;
}
