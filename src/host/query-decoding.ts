// Query parameters as Docker writes them, decoded by the kinds the operation table declares.

import { EngineError } from "../api/errors.ts";
import type { QueryKind } from "../api/operation-spec.ts";
import type { RouteMatch } from "./api-routes.ts";

/** Docker's boolean values: absent, "", "0", "no", "false" and "none" are false; anything else is true. */
export function decodeBoolean(text: string): boolean {
  return !["", "0", "no", "false", "none"].includes(text.toLowerCase());
}

/**
 * Docker's filters: a JSON object of name → list of values, or the legacy name → {value: true}.
 * Invalid JSON is a bad parameter, as in Docker.
 */
export function decodeFilters(text: string): Record<string, string[]> {
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EngineError("invalid", `invalid filter: ${text}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new EngineError("invalid", `invalid filter: ${text}`);
  const filters: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(values) && values.every((value) => typeof value === "string")) filters[name] = values;
    else if (values !== null && typeof values === "object") filters[name] = Object.keys(values);
    else throw new EngineError("invalid", `invalid filter: ${text}`);
  }
  return filters;
}

/** The request's query parameters that the operation declares, typed by their kinds; others are ignored, as Docker does. */
export function decodeQuery(search: URLSearchParams, kinds: Record<string, QueryKind>): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const text = search.get(name);
    if (text === null) continue;
    switch (kind) {
      case "strings":
        decoded[name] = search.getAll(name);
        break;
      case "string":
        decoded[name] = text;
        break;
      case "boolean":
        decoded[name] = decodeBoolean(text);
        break;
      case "integer": {
        if (text === "") break;
        const value = Number(text);
        if (!Number.isInteger(value)) throw new EngineError("invalid", `invalid value for ${name}: ${JSON.stringify(text)}: not an integer`);
        decoded[name] = value;
        break;
      }
      case "filters":
        decoded[name] = decodeFilters(text);
        break;
    }
  }
  return decoded;
}

/** A routed request's path parameters and declared query parameters, as the operation's method takes them. */
export function routeArguments(match: RouteMatch, search: URLSearchParams): Record<string, unknown> {
  return { ...decodeQuery(search, match.operation.query), ...match.params };
}
