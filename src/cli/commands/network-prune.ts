// docker network prune: after confirming (unless -f), remove every user-defined network no container
// uses (or those --filter selects), then list what went.

import { confirmPrune } from "../confirm-prompt.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseFilters } from "../list-filters.ts";
import { networkPruneSpec } from "../network-command-specs.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

const warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?";

export const networkPruneVerb: Verb = {
  spec: networkPruneSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const cancelled = await confirmPrune(ctx, warning, parsed.flags.bool("force"));
    if (cancelled !== undefined) return cancelled;

    try {
      const report = await ctx.engine.networkPrune({ filters: parseFilters(parsed.flags.list("filter")) });
      const deleted = report.NetworksDeleted ?? [];
      // Docker prints nothing when nothing went, else the list and a blank line.
      if (deleted.length > 0) ctx.stdout.write(`Deleted Networks:\n${deleted.map((name) => `${name}\n`).join("")}\n`);
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};
