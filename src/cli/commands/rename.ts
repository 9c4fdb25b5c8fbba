// docker rename / docker container rename: give a container a new name. The daemon's refusal is
// printed, then Docker's own line saying which rename failed.

import { renameSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const renameVerb: Verb = {
  spec: renameSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const [oldName, newName] = parsed.args.map((name) => name.trim());
    if (!oldName || !newName) {
      ctx.stderr.write("Error: Neither old nor new names may be empty\n");
      return 1;
    }
    try {
      await ctx.engine.containerRename({ id: oldName, name: newName });
      return 0;
    } catch (error) {
      ctx.stderr.write(`${describeEngineFailure(error)}\nError: failed to rename container named ${oldName}\n`);
      return 1;
    }
  },
};
