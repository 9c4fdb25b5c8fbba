// docker pull: check the reference on the client, pull it with the engine's progress on stdout
// (nothing with -q), and print the fully qualified reference that was pulled.

import { pullSpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { pullImage } from "../image-pull.ts";
import {
  InvalidReferenceError,
  parseNormalizedNamed,
  qualifiedString,
  withDefaultTag,
  type NamedReference,
} from "../normalized-reference.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerPull(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const quiet = parsed.flags.bool("quiet");

  let reference: NamedReference;
  try {
    reference = parseNormalizedNamed(parsed.args[0]);
  } catch (error) {
    if (!(error instanceof InvalidReferenceError)) throw error;
    ctx.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (reference.tag === undefined && reference.digest === undefined) {
    reference = withDefaultTag(reference);
    if (!quiet) ctx.stdout.write(`Using default tag: ${reference.tag}\n`);
  }

  const platform = parsed.flags.string("platform");
  const fromImage = qualifiedString(reference);
  try {
    await pullImage(ctx, platform ? { fromImage, platform } : { fromImage }, quiet ? undefined : ctx.stdout);
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
  ctx.stdout.write(`${fromImage}\n`);
  return 0;
}

export const pullVerb: Verb = { spec: pullSpec, run: dockerPull };
