// docker ps: list running containers (all with -a), as a table or IDs only (-q).

import type { CommandSpec } from "../command-specs.ts";
import { formatContainerIds, formatContainerTable } from "../container-table.ts";
import type { CommandContext } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export async function dockerPs(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const { flags } = parsed;
  const truncate = !flags.bool("no-trunc");
  try {
    const containers = await ctx.engine.containerList({ all: flags.bool("all") });
    ctx.stdout.write(
      flags.bool("quiet")
        ? formatContainerIds(containers, truncate)
        : formatContainerTable(containers, { truncate, now: Date.now() }),
    );
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}
