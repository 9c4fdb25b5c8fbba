// --filter values as Docker's FilterOpt reads them: `name=value`, the name trimmed and lower-cased,
// the value trimmed; an empty value adds nothing. The engine receives them grouped by name.

import type { FlagSpec } from "./flags.ts";

export function filterFlagError(value: string): string | undefined {
  return value === "" || value.includes("=") ? undefined : "bad format of filter (expected name=value)";
}

export function parseFilters(values: readonly string[]): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const value of values) {
    if (value === "") continue;
    const equals = value.indexOf("=");
    const name = value.slice(0, equals).trim().toLowerCase();
    const filterValue = value.slice(equals + 1).trim();
    const existing = (filters[name] ??= []);
    if (!existing.includes(filterValue)) existing.push(filterValue);
  }
  return filters;
}

/** The flags of `docker container prune` and `docker network prune`: --filter and -f/--force. */
export const pruneFlags: readonly FlagSpec[] = [
  { name: "filter", kind: "list", typeName: "filter", description: 'Provide filter values (e.g. "until=<timestamp>")', validate: filterFlagError },
  { name: "force", shorthand: "f", kind: "bool", description: "Do not prompt for confirmation" },
];
