// docker diff / docker container diff: one line per changed path, "A", "C" or "D" and the path.

import { diffSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

const kindLetter = ["C", "A", "D"] as const;

export const diffVerb: Verb = {
  spec: diffSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    try {
      const changes = await ctx.engine.containerChanges({ id: parsed.args[0]! });
      ctx.stdout.write(changes.map((change) => `${kindLetter[change.Kind]} ${change.Path}\n`).join(""));
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
