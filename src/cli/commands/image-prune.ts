// docker image prune: after confirming (unless -f), remove dangling images, or with -a every image
// no container uses, then list what went and the space it freed.

import { imagePruneSpec } from "../image-command-specs.ts";
import type { ImageDeleteResponseItem } from "../../api/types.ts";
import type { CommandSpec } from "../command-specs.ts";
import { confirmPrune } from "../confirm-prompt.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { humanSizeWithPrecision } from "../human-size.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

const danglingWarning = "WARNING! This will remove all dangling images.\nAre you sure you want to continue?";
const allImagesWarning =
  "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?";

async function dockerImagePrune(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const all = parsed.flags.bool("all");
  const cancelled = await confirmPrune(ctx, all ? allImagesWarning : danglingWarning, parsed.flags.bool("force"));
  if (cancelled !== undefined) return cancelled;

  try {
    const report = await ctx.engine.imagePrune({ filters: { dangling: [String(!all)] } });
    const deleted = report.ImagesDeleted;
    const listing = deleted.length > 0 ? `Deleted Images:\n${deleted.map(describeRemoval).join("")}\n` : "";
    // Docker counts the space only when something was deleted.
    const reclaimed = deleted.length > 0 ? report.SpaceReclaimed : 0;
    ctx.stdout.write(`${listing}Total reclaimed space: ${humanSizeWithPrecision(reclaimed, 4)}\n`);
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

/** Prune lists removals in lower case, unlike rmi. */
function describeRemoval(item: ImageDeleteResponseItem): string {
  return item.Deleted ? `deleted: ${item.Deleted}\n` : `untagged: ${item.Untagged}\n`;
}

export const imagePruneVerb: Verb = { spec: imagePruneSpec, run: dockerImagePrune };
