// docker kill / docker container kill: send each named container a signal (SIGKILL unless -s says
// otherwise), echoing the names as given.

import { killSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { forEachContainer } from "../each-container.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const killVerb: Verb = {
  spec: killSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const signal = parsed.flags.string("signal") || undefined;
    return forEachContainer(ctx, parsed.args, async (id) => {
      await ctx.engine.containerKill(signal ? { id, signal } : { id });
      return id;
    });
  },
};
