// docker info: client details, then what the engine reports about itself. When the engine does not
// answer, docker prints the client part, the error under "Server:", and fails. --format applies a
// template to the engine's report (with the client's under ClientInfo), as docker's info struct embeds it.

import type { SystemInfo } from "../../api/types.ts";
import { berthClient } from "../client-version.ts";
import { infoSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { parseGoTemplate, TemplateExecutionError, TemplateParseError, type GoTemplate } from "../go-template.ts";
import { formatInfo } from "../info-text.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

/** docker's exit code for a --format it cannot use. */
const badFormatExitCode = 64;

async function dockerInfo(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const format = parsed.flags.string("format") ?? "";
  let template: GoTemplate | undefined;
  try {
    template = format === "" ? undefined : parseGoTemplate(format === "json" ? "{{json .}}" : format);
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    ctx.stderr.write(`template parsing error: ${error.message}\n`);
    return badFormatExitCode;
  }
  let server: SystemInfo | undefined;
  let failure: unknown;
  try {
    server = await ctx.engine.systemInfo({});
  } catch (error) {
    failure = error;
  }
  if (template && server) return printFormatted(ctx, template, server);
  if (template) {
    ctx.stderr.write(`${describeEngineFailure(failure)}\n`);
    return 1;
  }
  ctx.stdout.write(formatInfo(berthClient, server));
  if (server) return 0;
  ctx.stderr.write(`ERROR: ${describeEngineFailure(failure)}\nerrors pretty printing info\n`);
  return 1;
}

function printFormatted(ctx: CommandContext, template: GoTemplate, server: SystemInfo): number {
  try {
    ctx.stdout.write(`${template.execute({ ...server, ClientInfo: { Debug: false, Context: berthClient.context } })}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof TemplateExecutionError)) throw error;
    ctx.stderr.write(`template parsing error: ${error.message}\n`);
    return badFormatExitCode;
  }
}

export const infoVerb: Verb = { spec: infoSpec, run: dockerInfo };
