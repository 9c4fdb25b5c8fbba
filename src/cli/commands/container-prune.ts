// docker container prune: after confirming (unless -f), remove every stopped container (or those
// --filter selects), then list what went and the space it freed.

import { confirmPrune } from "../confirm-prompt.ts";
import { containerPruneSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { humanSizeWithPrecision } from "../human-size.ts";
import { parseFilters } from "../list-filters.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

const warning = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

export const containerPruneVerb: Verb = {
  spec: containerPruneSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const cancelled = await confirmPrune(ctx, warning, parsed.flags.bool("force"));
    if (cancelled !== undefined) return cancelled;

    try {
      const report = await ctx.engine.containerPrune({ filters: parseFilters(parsed.flags.list("filter")) });
      const deleted = report.ContainersDeleted ?? [];
      const listing = deleted.length > 0 ? `Deleted Containers:\n${deleted.map((id) => `${id}\n`).join("")}\n` : "";
      // Docker counts the space only when something was deleted.
      const reclaimed = deleted.length > 0 ? report.SpaceReclaimed : 0;
      ctx.stdout.write(`${listing}Total reclaimed space: ${humanSizeWithPrecision(reclaimed, 4)}\n`);
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
