// docker save / docker image save: the images as one archive (Docker's, which holds an OCI layout).
// The page's stdout is a terminal, so as Docker does there it needs -o; the file is a download.

import { saveSpec } from "../image-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const saveVerb: Verb = {
  spec: saveSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const output = parsed.flags.string("output");
    if (!output) {
      ctx.stderr.write("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
      return 1;
    }
    if (!ctx.files) {
      ctx.stderr.write(`failed to save image: cannot write ${output}: this host has no files\n`);
      return 1;
    }
    try {
      ctx.files.save(output.split("/").pop() || output, await ctx.engine.imageGetAll({ names: parsed.args }));
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
