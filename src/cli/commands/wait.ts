// docker wait / docker container wait: block until each named container stops, printing its exit
// code.

import { waitSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { forEachContainer } from "../each-container.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const waitVerb: Verb = {
  spec: waitSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    return forEachContainer(ctx, parsed.args, async (id) => {
      const result = await ctx.engine.containerWait({ id });
      return String(result.StatusCode);
    });
  },
};
