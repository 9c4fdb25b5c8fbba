// docker context show: the name of the context this command line uses.

import { contextShowSpec } from "../context-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { currentContext } from "../daemon-endpoint.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerContextShow(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  ctx.stdout.write(`${currentContext(ctx)}\n`);
  return 0;
}

export const contextShowVerb: Verb = { spec: contextShowSpec, run: dockerContextShow };
