// docker save / docker image save: the images as one archive (Docker's, which holds an OCI layout),
// on stdout when it is redirected to a file, else into the host's file named with -o (in the page
// a workspace file, also offered as a download). A terminal gets Docker's refusal.

import { saveSpec } from "../image-command-specs.ts";
import { isEngineError } from "../../api/errors.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const saveVerb: Verb = {
  spec: saveSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const output = parsed.flags.string("output");
    if (!output && !ctx.stdoutRedirected) {
      ctx.stderr.write("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
      return 1;
    }
    if (output && !ctx.hostFs && !ctx.files) {
      ctx.stderr.write(`failed to save image: cannot write ${output}: this host has no files\n`);
      return 1;
    }
    let archive: Uint8Array;
    try {
      archive = await ctx.engine.imageGetAll({ names: parsed.args });
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
    if (!output) {
      ctx.stdout.write(archive);
      return 0;
    }
    if (ctx.hostFs) {
      try {
        await ctx.hostFs.write(ctx.hostFs.resolve(output), archive);
      } catch (error) {
        if (!isEngineError(error)) throw error;
        ctx.stderr.write(`failed to save image: ${error.message}\n`);
        return 1;
      }
    }
    ctx.files?.save(output.split("/").pop() || output, archive);
    return 0;
  },
};
