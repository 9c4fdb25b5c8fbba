// docker tag / docker image tag: check both references on the client as docker does, then have
// the engine add TARGET (with tag "latest" if it has none) to SOURCE. Silent on success.

import { tagSpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { goQuote } from "../go-quote.ts";
import {
  InvalidReferenceError,
  parseAnyReference,
  parseNormalizedNamed,
  qualifiedName,
  withDefaultTag,
  type NamedReference,
} from "../normalized-reference.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerTag(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const [source, target] = parsed.args;
  const request = tagRequest(source, target);
  if (typeof request === "string") {
    ctx.stderr.write(`${request}\n`);
    return 1;
  }
  try {
    await ctx.engine.imageTag({ name: source, ...request });
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

/** The repository and tag to give the engine, or why docker's client refuses the pair. */
function tagRequest(source: string, target: string): { repo: string; tag?: string } | string {
  try {
    parseAnyReference(source);
  } catch (error) {
    return parseFailure(source, error);
  }
  let reference: NamedReference;
  try {
    reference = withDefaultTag(parseNormalizedNamed(target));
  } catch (error) {
    return parseFailure(target, error);
  }
  if (reference.digest !== undefined) return "refusing to create a tag with a digest reference";
  return { repo: qualifiedName(reference), tag: reference.tag };
}

function parseFailure(reference: string, error: unknown): string {
  if (!(error instanceof InvalidReferenceError)) throw error;
  return `Error parsing reference: ${goQuote(reference)} is not a valid repository/tag: ${error.message}`;
}

export const tagVerb: Verb = { spec: tagSpec, run: dockerTag };
