// docker events / docker system events: the engine's events as they happen (with --since, first the
// ones it still holds from then on), one line each or formatted with --format, until --until comes
// or Ctrl-C hangs up.

import type { EngineApi, StreamConnection } from "../../api/engine-api.ts";
import type { EventMessage } from "../../api/event-types.ts";
import { eventsSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { emptyEvent, eventLine, eventTemplateView } from "../event-output.ts";
import { parseGoTemplate, TemplateExecutionError, TemplateParseError, type GoTemplate } from "../go-template.ts";
import { parseFilters } from "../list-filters.ts";
import { localClock, timeBounds } from "../log-time.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

/** A shell's exit code for a command that Ctrl-C (SIGINT) ended. */
const interruptedExitCode = 130;
/** docker's exit code for a --format it cannot use. */
const badFormatExitCode = 64;

export const eventsVerb: Verb = {
  spec: eventsSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const { flags } = parsed;

    let template: GoTemplate | undefined;
    const format = flags.string("format") ?? "";
    try {
      template = eventTemplate(format);
    } catch (error) {
      if (!(error instanceof TemplateParseError || error instanceof TemplateExecutionError)) throw error;
      ctx.stderr.write(`Error parsing format: ${error.message}\n`);
      return badFormatExitCode;
    }

    const clock = localClock();
    const bounds = timeBounds((bound) => flags.string(bound), (_bound, message) => message, clock);
    if ("error" in bounds) {
      ctx.stderr.write(`${bounds.error}\n`);
      return 1;
    }
    const filters = parseFilters(flags.list("filter"));
    const request = { ...bounds, ...(Object.keys(filters).length > 0 ? { filters } : {}) };
    return follow(ctx, request, (event) => (template ? `${template.execute(eventTemplateView(event))}\n` : eventLine(event, clock.timezoneOffset)));
  },
};

/** The template of --format ("json" is {{json .}}), checked against an empty event as docker does. */
function eventTemplate(format: string): GoTemplate | undefined {
  if (format === "") return undefined;
  const template = parseGoTemplate(format === "json" ? "{{json .}}" : format);
  template.execute(eventTemplateView(emptyEvent));
  return template;
}

/** Prints each event until the stream ends or Ctrl-C hangs up. */
async function follow(ctx: CommandContext, request: Parameters<EngineApi["systemEvents"]>[0], print: (event: EventMessage) => string): Promise<number> {
  let interrupted = false;
  let connection: StreamConnection | undefined;
  /** Why an event could not be printed (a template that fails on it); that ends the command. */
  let failure: string | undefined;
  const input = ctx.terminal.onInput((data) => {
    if (!data.includes("\x03")) return;
    interrupted = true;
    void connection?.close();
  });
  const sink = {
    report(event: EventMessage) {
      if (failure !== undefined) return;
      try {
        ctx.stdout.write(print(event));
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        void connection?.close();
      }
    },
  };
  try {
    connection = await ctx.engine.systemEvents(request, ctx.proxy(sink));
    if (interrupted || failure !== undefined) await connection.close();
    await connection.done();
  } catch (error) {
    if (!interrupted) return reportEngineFailure(ctx, error);
  } finally {
    input.dispose();
  }
  if (failure !== undefined) {
    ctx.stderr.write(`${failure}\n`);
    return 1;
  }
  return interrupted ? interruptedExitCode : 0;
}
