// What docker's inspect verbs print: the objects as one JSON array indented by four spaces (compact
// with --format json, "[]" when none was found), or a Go template's output per object. Objects
// that cannot be fetched or formatted are reported together on stderr and fail the command.

import type { CommandContext } from "./context.ts";
import { goJson } from "./go-json.ts";
import { parseGoTemplate, TemplateExecutionError, TemplateParseError, type GoTemplate } from "./go-template.ts";

/** A fetched object: as the JSON output shows it, and what a template sees of it. */
export interface InspectedObject {
  json: object;
  templateView: unknown;
}

export interface InspectSource {
  fetch(reference: string): Promise<InspectedObject>;
  describeFailure(reference: string, error: unknown): string;
}

/** docker's exit code for a template it cannot parse. */
const templateErrorExitCode = 64;

export async function inspectEach(
  ctx: CommandContext,
  references: readonly string[],
  format: string | undefined,
  source: InspectSource,
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

  const found: InspectedObject[] = [];
  const failures: string[] = [];
  for (const reference of references) {
    try {
      found.push(await source.fetch(reference));
    } catch (error) {
      failures.push(source.describeFailure(reference, error));
    }
  }

  ctx.stdout.write(
    template ? templateOutput(template, found, failures) : jsonOutput(found.map((object) => object.json), format === "json"),
  );
  if (failures.length === 0) return 0;
  ctx.stderr.write(`${failures.join("\n")}\n`);
  return 1;
}

function jsonOutput(found: readonly object[], compact: boolean): string {
  return found.length === 0 ? "[]\n" : `${goJson(found, compact ? undefined : "    ")}\n`;
}

/** Each object's line; a blank line when there is none. Failures to format join `failures`. */
function templateOutput(template: GoTemplate, found: readonly InspectedObject[], failures: string[]): string {
  let output = "";
  for (const object of found) {
    try {
      output += `${template.execute(object.templateView)}\n`;
    } catch (error) {
      if (!(error instanceof TemplateExecutionError)) throw error;
      failures.push(`template parsing error: ${error.message}`);
    }
  }
  return output || "\n";
}
