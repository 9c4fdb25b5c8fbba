// docker info: client details, then what the engine reports about itself. When the engine does not
// answer, docker prints the client part, the error under "Server:", and fails.

import type { SystemInfo } from "../../api/types.ts";
import { berthClient } from "../client-version.ts";
import { infoSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { formatInfo } from "../info-text.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerInfo(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  let server: SystemInfo | undefined;
  let failure: unknown;
  try {
    server = await ctx.engine.systemInfo({});
  } catch (error) {
    failure = error;
  }
  ctx.stdout.write(formatInfo(berthClient, server));
  if (server) return 0;
  ctx.stderr.write(`ERROR: ${describeEngineFailure(failure)}\nerrors pretty printing info\n`);
  return 1;
}

export const infoVerb: Verb = { spec: infoSpec, run: dockerInfo };
