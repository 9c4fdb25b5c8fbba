// docker export / docker container export: the container's filesystem as a tar. The page's stdout is
// a terminal, so as Docker does there it needs -o, and the file is offered as a download.

import { exportSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const exportVerb: Verb = {
  spec: exportSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const output = parsed.flags.string("output");
    if (!output) {
      ctx.stderr.write("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
      return 1;
    }
    if (!ctx.files) {
      ctx.stderr.write(`failed to export container: cannot write ${output}: this host has no files\n`);
      return 1;
    }
    try {
      ctx.files.save(output.split("/").pop() || output, await ctx.engine.containerExport({ id: parsed.args[0]! }));
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
