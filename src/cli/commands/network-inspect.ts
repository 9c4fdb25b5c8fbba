// docker network inspect NETWORK...: the networks as the engine describes them, as JSON or through
// a -f template.

import type { Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { inspectEach } from "../inspect-output.ts";
import { networkInspectSpec } from "../network-command-specs.ts";
import { parseVerbArguments } from "../verb-arguments.ts";
import { inspectedNetwork } from "./inspect.ts";

export const networkInspectVerb: Verb = {
  spec: networkInspectSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const verbose = parsed.flags.bool("verbose");
    return inspectEach(ctx, parsed.args, parsed.flags.string("format"), {
      fetch: async (id) => inspectedNetwork(await ctx.engine.networkInspect({ id, ...(verbose ? { verbose } : {}) })),
      describeFailure: (_, error) => describeEngineFailure(error),
    });
  },
};
