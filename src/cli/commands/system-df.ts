// docker system df: the engine's disk usage as a summary, or in detail with -v.

import { systemDfSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { formatDiskUsage, formatDiskUsageVerbose } from "../disk-usage-table.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerSystemDf(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  try {
    const usage = await ctx.engine.systemDataUsage({});
    ctx.stdout.write(parsed.flags.bool("verbose") ? formatDiskUsageVerbose(usage, Date.now()) : formatDiskUsage(usage));
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

export const systemDfVerb: Verb = { spec: systemDfSpec, run: dockerSystemDf };
