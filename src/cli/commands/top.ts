// docker top / docker container top: the container's processes as the daemon's ps lists them,
// aligned as Docker aligns them (tabwriter with 20-column cells).

import { topSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { tabwrite } from "../tab-writer.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const topVerb: Verb = {
  spec: topSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const [id, ...psArgs] = parsed.args;
    try {
      const processes = await ctx.engine.containerTop(psArgs.length > 0 ? { id, ps_args: psArgs.join(" ") } : { id });
      const lines = [processes.Titles, ...processes.Processes].map((cells) => `${cells.join("\t")}\n`);
      ctx.stdout.write(tabwrite(lines.join(""), { minWidth: 20, padding: 3 }));
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
