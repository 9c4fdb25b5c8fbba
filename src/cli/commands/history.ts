// docker history / docker image history: the layers of an image as a table, or their IDs (-q).

import { historySpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { formatHistoryIds, formatHistoryTable } from "../history-table.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerHistory(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const { flags } = parsed;
  const truncate = !flags.bool("no-trunc");
  try {
    const history = await ctx.engine.imageHistory({ name: parsed.args[0] });
    ctx.stdout.write(
      flags.bool("quiet")
        ? formatHistoryIds(history, truncate)
        : formatHistoryTable(history, {
            human: flags.bool("human"),
            truncate,
            now: Date.now(),
            timezoneOffset: (epochMs) => new Date(epochMs).getTimezoneOffset(),
          }),
    );
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

export const historyVerb: Verb = { spec: historySpec, run: dockerHistory };
