// docker push: check the reference on the client, then have the engine push it with its progress on
// stdout as Docker's client shows it (nothing with -q but the reference at the end). Without a tag,
// the tag is "latest", unless -a pushes every tag of the repository. Failures reported in the
// engine's stream print as Docker's client prints them: the registry's message on its own.

import type { MessageSink } from "../../api/engine-api.ts";
import type { PushMessage } from "../../api/types.ts";
import { pushSpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure, reportEngineFailure } from "../engine-failure.ts";
import { InvalidReferenceError, parseNormalizedNamed, qualifiedName, qualifiedString, withDefaultTag, type NamedReference } from "../normalized-reference.ts";
import { PullProgressDisplay } from "../pull-progress-display.ts";
import { parseVerbArguments } from "../verb-arguments.ts";
import { isEngineError } from "../../api/errors.ts";

async function dockerPush(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const quiet = parsed.flags.bool("quiet");
  const allTags = parsed.flags.bool("all-tags");

  let reference: NamedReference;
  try {
    reference = parseNormalizedNamed(parsed.args[0]);
  } catch (error) {
    if (!(error instanceof InvalidReferenceError)) throw error;
    ctx.stderr.write(`invalid reference format: ${error.message}\n`);
    return 1;
  }
  if (allTags && (reference.tag !== undefined || reference.digest !== undefined)) {
    ctx.stderr.write("tag can't be used with --all-tags/-a\n");
    return 1;
  }
  if (!allTags && reference.tag === undefined && reference.digest === undefined) {
    reference = withDefaultTag(reference);
    if (!quiet) ctx.stdout.write(`Using default tag: ${reference.tag}\n`);
  }

  const display = quiet ? undefined : new PullProgressDisplay(ctx.stdout, ctx.terminal);
  // The aux record (tag, digest, size) is for programs; the terminal shows the status lines.
  const sink: MessageSink<PushMessage> = { report: (message) => (message.aux || !display ? undefined : display.report(message)) };
  let connection;
  try {
    connection = await ctx.engine.imagePush({ name: qualifiedName(reference), ...(reference.tag ? { tag: reference.tag } : {}) }, ctx.proxy(sink));
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
  try {
    await connection.done();
  } catch (error) {
    ctx.stderr.write(`${isEngineError(error) ? error.message : describeEngineFailure(error)}\n`);
    return 1;
  }
  if (quiet) ctx.stdout.write(`${allTags ? qualifiedName(reference) : qualifiedString(reference)}\n`);
  return 0;
}

export const pushVerb: Verb = { spec: pushSpec, run: dockerPush };
