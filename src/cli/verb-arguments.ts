// The common start of every verb: parse its arguments, or print its help or usage error and give
// the exit code to return.

import { parseCommand } from "./command-parser.ts";
import type { CommandSpec } from "./command-specs.ts";
import type { CommandContext } from "./context.ts";
import type { FlagValues } from "./flags.ts";
import { formatCommandHelp } from "./help-text.ts";

export interface VerbArguments {
  flags: FlagValues;
  args: string[];
}

export function parseVerbArguments(spec: CommandSpec, args: string[], ctx: CommandContext): VerbArguments | number {
  const outcome = parseCommand(spec, args);
  if (outcome.kind === "parsed") {
    for (const warning of outcome.warnings) ctx.stderr.write(`${warning}\n`);
    return { flags: outcome.flags, args: outcome.args };
  }
  if (outcome.kind === "help") {
    ctx.stdout.write(formatCommandHelp(spec));
    return 0;
  }
  ctx.stderr.write(`${outcome.message}\n`);
  return outcome.exitCode;
}
