// What docker's inspect verbs print: the objects as one JSON array indented by four spaces (compact
// with --format json, "[]" when none was found), or a Go template's output per object. Objects
// that cannot be fetched or formatted are reported together on stderr and fail the command.

import type { CommandContext } from "./context.ts";
import { goJson } from "./go-json.ts";
import { parseGoTemplate, TemplateExecutionError, TemplateParseError, type GoTemplate } from "./go-template.ts";

export interface InspectSource<T extends object> {
  fetch(reference: string): Promise<T>;
  /** What a template sees of a fetched object. */
  templateView(object: T): unknown;
  describeFailure(reference: string, error: unknown): string;
}

/** docker's exit code for a template it cannot parse. */
const templateErrorExitCode = 64;

export async function inspectEach<T extends object>(
  ctx: CommandContext,
  references: readonly string[],
  format: string | undefined,
  source: InspectSource<T>,
): Promise<number> {
  let template: GoTemplate | undefined;
  if (format && format !== "json") {
    try {
      template = parseGoTemplate(format);
    } catch (error) {
      if (!(error instanceof TemplateParseError)) throw error;
      ctx.stderr.write(`template parsing error: ${error.message}\n`);
      return templateErrorExitCode;
    }
  }

  const found: T[] = [];
  const failures: string[] = [];
  for (const reference of references) {
    try {
      found.push(await source.fetch(reference));
    } catch (error) {
      failures.push(source.describeFailure(reference, error));
    }
  }

  ctx.stdout.write(template ? templateOutput(template, found, source, failures) : jsonOutput(found, format === "json"));
  if (failures.length === 0) return 0;
  ctx.stderr.write(`${failures.join("\n")}\n`);
  return 1;
}

function jsonOutput(found: readonly object[], compact: boolean): string {
  return found.length === 0 ? "[]\n" : `${goJson(found, compact ? undefined : "    ")}\n`;
}

/** Each object's line; a blank line when there is none. Failures to format join `failures`. */
function templateOutput<T extends object>(
  template: GoTemplate,
  found: readonly T[],
  source: InspectSource<T>,
  failures: string[],
): string {
  let output = "";
  for (const object of found) {
    try {
      output += `${template.execute(source.templateView(object))}\n`;
    } catch (error) {
      if (!(error instanceof TemplateExecutionError)) throw error;
      failures.push(`template parsing error: ${error.message}`);
    }
  }
  return output || "\n";
}
