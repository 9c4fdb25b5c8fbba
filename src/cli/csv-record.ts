// One line of comma-separated values as Go's encoding/csv reads it, which is how pflag's "strings"
// flags (`--subnet a,b`) and Docker's long option syntax (`--network name=app,alias=db`) split
// their values: a field may be quoted ("a,b"), with "" for a quote inside it.

import { OptionValueError } from "./container-option-values.ts";

/** The fields of `text`; throws OptionValueError worded as csv.ParseError for a misplaced quote. */
export function readCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let index = 0;
  const fail = (why: string) => new OptionValueError(`parse error on line 1, column ${index + 1}: ${why}`);
  for (;;) {
    let field = "";
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) {
          index = text.length;
          throw fail('extraneous or missing " in quoted-field');
        }
        field += text.slice(index, quote);
        index = quote + 1;
        if (text[index] === '"') {
          field += '"';
          index += 1;
        } else if (index === text.length || text[index] === ",") {
          break;
        } else {
          throw fail('extraneous or missing " in quoted-field');
        }
      }
    } else {
      const comma = text.indexOf(",", index);
      const end = comma < 0 ? text.length : comma;
      const quote = text.indexOf('"', index);
      if (quote >= 0 && quote < end) {
        index = quote;
        throw fail('bare " in non-quoted-field');
      }
      field = text.slice(index, end);
      index = end;
    }
    fields.push(field);
    if (index >= text.length) return fields;
    index += 1;
  }
}

/** pflag's StringSlice: every occurrence of the flag split as a CSV line ("" adds nothing). */
export function stringSliceValues(occurrences: readonly string[]): string[] {
  return occurrences.flatMap((value) => (value === "" ? [] : readCsvRecord(value)));
}
