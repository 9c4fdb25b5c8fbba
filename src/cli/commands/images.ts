// docker images: list images as a table or IDs only (-q), optionally only REPOSITORY[:TAG].
// -a is accepted; the engine keeps no intermediate images for it to reveal.

import { imagesSpec } from "../command-specs.ts";
import type { CommandContext } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { formatImageIds, formatImageTable } from "../image-table.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export async function dockerImages(args: string[], ctx: CommandContext): Promise<number> {
  const parsed = parseVerbArguments(imagesSpec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const [reference] = parsed.args;
  try {
    const images = await ctx.engine.imageList();
    ctx.stdout.write(
      parsed.flags.bool("quiet") ? formatImageIds(images, reference) : formatImageTable(images, Date.now(), reference),
    );
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}
