// docker version: the client's version, then the engine's; the client part prints even when the
// engine does not answer.

import type { SystemVersion } from "../../api/types.ts";
import { berthClient } from "../client-version.ts";
import { versionSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";
import { formatVersion } from "../version-text.ts";

async function dockerVersion(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  let server: SystemVersion | undefined;
  let failure: unknown;
  try {
    server = await ctx.engine.systemVersion({});
  } catch (error) {
    failure = error;
  }
  ctx.stdout.write(formatVersion(berthClient, server));
  return server ? 0 : reportEngineFailure(ctx, failure);
}

export const versionVerb: Verb = { spec: versionSpec, run: dockerVersion };
