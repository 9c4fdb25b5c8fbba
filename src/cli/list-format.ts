// How docker's list verbs print with a --format (formatter.Context): "table TEMPLATE" prints a
// header line (the template run on the column headers) and the rows aligned as a table; "json"
// prints each row as {{json .}}; any other template prints each row as it is. "\t" and "\n" typed
// in the format are a tab and a newline.

import { parseGoTemplate, type GoTemplate } from "./go-template.ts";
import { dockerTableLayout, tabwrite } from "./tab-writer.ts";

export interface ListFormat {
  table: boolean;
  template: GoTemplate;
}

/** Throws TemplateParseError for a template that does not parse. */
export function parseListFormat(format: string): ListFormat {
  const table = format.startsWith("table");
  const source = table ? format.slice("table".length) : format === "json" ? "{{json .}}" : format;
  const unescaped = source.replace(/^ +| +$/g, "").replaceAll("\\t", "\t").replaceAll("\\n", "\n");
  return { table, template: parseGoTemplate(unescaped) };
}

/** Throws TemplateExecutionError when a row cannot be formatted. */
export function formatList(format: ListFormat, rows: readonly unknown[], headers: object): string {
  const lines = rows.map((row) => `${format.template.execute(row)}\n`);
  if (!format.table) return lines.join("");
  const header = `${format.template.execute(headers, "header")}\n`;
  return tabwrite(`${header}${lines.join("")}`, dockerTableLayout);
}
