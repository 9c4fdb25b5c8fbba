// docker images / docker image ls: list images as a table or IDs only (-q), optionally only
// REPOSITORY[:TAG]. -a is accepted; the engine keeps no intermediate images for it to reveal.

import { imagesSpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { formatImageIds, formatImageTable } from "../image-table.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerImages(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const { flags } = parsed;
  const format = {
    reference: parsed.args[0],
    digests: flags.bool("digests"),
    truncate: !flags.bool("no-trunc"),
  };
  try {
    const images = await ctx.engine.imageList({ all: flags.bool("all") });
    ctx.stdout.write(
      flags.bool("quiet") ? formatImageIds(images, format) : formatImageTable(images, { ...format, now: Date.now() }),
    );
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

export const imagesVerb: Verb = { spec: imagesSpec, run: dockerImages };
