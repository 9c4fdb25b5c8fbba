// docker network disconnect NETWORK CONTAINER: detaches a container from a network; -f asks the
// engine to force it.

import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { networkDisconnectSpec } from "../network-command-specs.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const networkDisconnectVerb: Verb = {
  spec: networkDisconnectSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const [network, container] = parsed.args;
    const force = parsed.flags.bool("force");
    try {
      await ctx.engine.networkDisconnect({ id: network, body: { Container: container, ...(force ? { Force: true } : {}) } });
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
