// --filter values as Docker's FilterOpt reads them: `name=value`, the name trimmed and lower-cased,
// the value trimmed; an empty value adds nothing. The engine receives them grouped by name.

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
