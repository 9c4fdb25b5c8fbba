// docker history / docker image history: the layers of an image as a table, their IDs (-q), or
// each through a --format template.

import { historySpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import type { ImageHistoryItem } from "../../api/types.ts";
import { TemplateExecutionError, TemplateParseError } from "../go-template.ts";
import { formatHistoryIds, formatHistoryTable, historyTableHeaders, historyTemplateView } from "../history-table.ts";
import { formatList, parseListFormat, type ListFormat } from "../list-format.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerHistory(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const { flags } = parsed;
  const truncate = !flags.bool("no-trunc");
  const format = {
    human: flags.bool("human"),
    truncate,
    now: Date.now(),
    timezoneOffset: (epochMs: number) => new Date(epochMs).getTimezoneOffset(),
  };
  const customFormat = flags.string("format") ?? "";
  let listFormat: ListFormat | undefined;
  if (customFormat !== "" && customFormat !== "table") {
    try {
      listFormat = parseListFormat(customFormat);
    } catch (error) {
      if (!(error instanceof TemplateParseError)) throw error;
      ctx.stderr.write(`template parsing error: ${error.message}\n`);
      return 1;
    }
  }
  let history: ImageHistoryItem[];
  try {
    history = await ctx.engine.imageHistory({ name: parsed.args[0] });
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
  if (flags.bool("quiet")) ctx.stdout.write(formatHistoryIds(history, truncate));
  else if (!listFormat) ctx.stdout.write(formatHistoryTable(history, format));
  else {
    try {
      ctx.stdout.write(formatList(listFormat, history.map((item) => historyTemplateView(item, format)), historyTableHeaders));
    } catch (error) {
      if (!(error instanceof TemplateExecutionError)) throw error;
      ctx.stderr.write(`template parsing error: ${error.message}\n`);
      return 1;
    }
  }
  return 0;
}

export const historyVerb: Verb = { spec: historySpec, run: dockerHistory };
