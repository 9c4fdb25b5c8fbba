// docker stop / docker container stop: stop each named container, echoing the names as given.

import { stopSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { forEachContainer } from "../each-container.ts";
import { readStopOptions } from "../stop-options.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const stopVerb: Verb = {
  spec: stopSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const options = readStopOptions(parsed.flags);
    if ("error" in options) {
      ctx.stderr.write(`${options.error}\n`);
      return 1;
    }
    return forEachContainer(ctx, parsed.args, async (id) => {
      await ctx.engine.containerStop({ id, ...options });
      return id;
    });
  },
};
