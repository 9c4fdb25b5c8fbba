// docker commit / docker container commit: the container's changes as a new image; prints its id.

import { commitSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { InvalidReferenceError, parseNormalizedNamed, qualifiedName } from "../normalized-reference.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const commitVerb: Verb = {
  spec: commitSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const [container, reference] = parsed.args as [string, string | undefined];
    let repo: string | undefined;
    let tag: string | undefined;
    if (reference) {
      try {
        const named = parseNormalizedNamed(reference);
        repo = qualifiedName(named);
        tag = named.tag;
      } catch (error) {
        if (!(error instanceof InvalidReferenceError)) throw error;
        ctx.stderr.write(`${error.message}\n`);
        return 1;
      }
    }
    const { flags } = parsed;
    try {
      const { Id } = await ctx.engine.imageCommit({
        container,
        repo,
        tag,
        comment: flags.string("message"),
        author: flags.string("author"),
        pause: flags.bool("pause"),
        changes: flags.list("change"),
        body: {},
      });
      ctx.stdout.write(`${Id}\n`);
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
