// docker context ls: every context, the current one marked with "*", as a table (Docker's
// columns), names only (-q), or with a --format template.

import { contextLsSpec } from "../context-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import { defaultContextName, ContextNotFoundError } from "../context-store.ts";
import { contextRow, type ContextRow } from "../context-views.ts";
import type { CommandContext, Verb } from "../context.ts";
import { currentContext } from "../daemon-endpoint.ts";
import { ellipsis } from "../ellipsis.ts";
import { TemplateExecutionError, TemplateParseError } from "../go-template.ts";
import { formatList, parseListFormat } from "../list-format.ts";
import { naturalOrder } from "../natural-order.ts";
import { formatTable } from "../tab-writer.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

const headers = { Current: "", Description: "DESCRIPTION", DockerEndpoint: "DOCKER ENDPOINT", Error: "ERROR", Name: "NAME" };
/** Docker cuts a context's error to this width in the table. */
const maxErrorLength = 45;

async function dockerContextLs(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const rows = contextRows(ctx);
  const format = parsed.flags.string("format") ?? "";
  if (parsed.flags.bool("quiet")) {
    ctx.stdout.write(rows.map((row) => `${row.Name}\n`).join(""));
  } else if (format === "" || format === "table") {
    const cells = rows.map((row) => [`${row.Name}${row.Current ? " *" : ""}`, row.Description, row.DockerEndpoint, ellipsis(row.Error, maxErrorLength)]);
    ctx.stdout.write(formatTable([[headers.Name, headers.Description, headers.DockerEndpoint, headers.Error], ...cells]));
  } else {
    try {
      ctx.stdout.write(formatList(parseListFormat(format), rows, headers));
    } catch (error) {
      if (!(error instanceof TemplateParseError || error instanceof TemplateExecutionError)) throw error;
      ctx.stderr.write(`template parsing error: ${error.message}\n`);
      return 1;
    }
  }
  return 0;
}

/** The default and stored contexts in natural order; a current context that is gone shows with its error. */
function contextRows(ctx: CommandContext): ContextRow[] {
  const current = currentContext(ctx);
  const rows = [contextRow(undefined, current === defaultContextName), ...ctx.endpoints.store.list().map((context) => contextRow(context, context.name === current))];
  if (!rows.some((row) => row.Current)) {
    rows.push({ Current: true, Description: "", DockerEndpoint: "", Error: new ContextNotFoundError(current).message, Name: current });
  }
  return rows.sort((a, b) => naturalOrder(a.Name, b.Name));
}

export const contextLsVerb: Verb = { spec: contextLsSpec, run: dockerContextLs };
