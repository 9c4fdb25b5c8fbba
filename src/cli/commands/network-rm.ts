// docker network rm / docker network remove NETWORK...: removes each network in turn, printing its
// name, or the daemon's error for it (with -f, a network that does not exist is no error).

import { isEngineError } from "../../api/errors.ts";
import type { Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { networkRmSpec } from "../network-command-specs.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const networkRmVerb: Verb = {
  spec: networkRmSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const force = parsed.flags.bool("force");
    let status = 0;
    for (const name of parsed.args) {
      try {
        await ctx.engine.networkDelete({ id: name });
        ctx.stdout.write(`${name}\n`);
      } catch (error) {
        if (force && isEngineError(error) && error.code === "not-found") continue;
        ctx.stderr.write(`${describeEngineFailure(error)}\n`);
        status = 1;
      }
    }
    return status;
  },
};
