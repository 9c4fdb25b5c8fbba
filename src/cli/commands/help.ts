// docker help [COMMAND]: the overview of all verbs, or one verb's usage.

import { verbSpecs } from "../command-specs.ts";
import type { CommandContext } from "../context.ts";
import { formatCommandHelp, formatRootHelp } from "../help-text.ts";

export async function dockerHelp(args: string[], ctx: CommandContext): Promise<number> {
  if (args.length === 0) {
    ctx.stdout.write(formatRootHelp(verbSpecs));
    return 0;
  }
  const spec = verbSpecs.find((candidate) => candidate.name === args[0]);
  if (!spec || args.length > 1) {
    ctx.stderr.write(`unknown help topic: ${args.join(" ")}\n`);
    return 1;
  }
  ctx.stdout.write(formatCommandHelp(spec));
  return 0;
}
