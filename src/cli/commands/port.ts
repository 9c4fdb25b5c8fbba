// docker port / docker container port: the container's published ports, all of them or the one
// asked for ("80", "80/tcp"), from its inspect data. Only a port asked for and not published fails.

import type { ContainerInspectResponse } from "../../api/types.ts";
import { portSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { goQuote } from "../go-quote.ts";
import { naturalOrder } from "../natural-order.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export const portVerb: Verb = {
  spec: portSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const [id, requested] = parsed.args;
    let container: ContainerInspectResponse;
    try {
      container = await ctx.engine.containerInspect({ id });
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
    const ports = container.NetworkSettings.Ports as Record<string, PortBinding[] | null>;

    let lines: string[];
    if (requested !== undefined) {
      const slash = requested.indexOf("/");
      const port = slash < 0 ? requested : requested.slice(0, slash);
      const proto = (slash < 0 ? "" : requested.slice(slash + 1)) || "tcp";
      if (!/^\d+$/.test(port) || Number(port) > 65535) {
        const problem = /^\d+$/.test(port) ? "value out of range" : "invalid syntax";
        ctx.stderr.write(`Error: invalid port (${port}): strconv.ParseUint: parsing ${goQuote(port)}: ${problem}\n`);
        return 1;
      }
      const bindings = ports[`${port}/${proto}`] ?? [];
      if (bindings.length === 0) {
        ctx.stderr.write(`Error: No public port '${requested}' published for ${id}\n`);
        return 1;
      }
      lines = bindings.map(hostAddress);
    } else {
      lines = Object.entries(ports).flatMap(([from, bindings]) => (bindings ?? []).map((binding) => `${from} -> ${hostAddress(binding)}`));
    }
    if (lines.length > 0) ctx.stdout.write(`${lines.sort(naturalOrder).join("\n")}\n`);
    return 0;
  },
};

/** net.JoinHostPort: an IPv6 address goes in brackets. */
function hostAddress({ HostIp, HostPort }: PortBinding): string {
  return HostIp.includes(":") ? `[${HostIp}]:${HostPort}` : `${HostIp}:${HostPort}`;
}
