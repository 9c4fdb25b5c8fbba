// docker help [COMMAND...]: the overview of all verbs, or one command's usage (`docker help image ls`).

import { findSubcommand, rootSpec } from "../command-tree.ts";
import type { CommandContext } from "../context.ts";
import { formatHelp } from "../help-text.ts";

export async function dockerHelp(args: string[], ctx: CommandContext): Promise<number> {
  let spec = rootSpec;
  for (const name of args) {
    const subcommand = findSubcommand(spec, name);
    if (!subcommand) {
      ctx.stderr.write(`unknown help topic: ${args.join(" ")}\n`);
      return 1;
    }
    spec = subcommand;
  }
  ctx.stdout.write(formatHelp(spec));
  return 0;
}
