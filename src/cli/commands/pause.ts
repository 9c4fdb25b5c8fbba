// docker pause / docker unpause (and under docker container): freeze or thaw each named
// container's processes, echoing the names as given.

import { pauseSpec, unpauseSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { forEachContainer } from "../each-container.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const pauseVerb: Verb = {
  spec: pauseSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    return forEachContainer(ctx, parsed.args, async (id) => {
      await ctx.engine.containerPause({ id });
      return id;
    });
  },
};

export const unpauseVerb: Verb = {
  spec: unpauseSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    return forEachContainer(ctx, parsed.args, async (id) => {
      await ctx.engine.containerUnpause({ id });
      return id;
    });
  },
};
