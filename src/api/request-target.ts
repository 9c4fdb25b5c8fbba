// Where a client sends an operation: the path template filled with the request's path parameters,
// under Docker's version prefix, and the query parameters written as Docker's client writes them
// (booleans as 1 or 0, filters as JSON, lists as repeated parameters, absent values left out). The page's HTTP client and the
// tests share it; the daemon decodes the same kinds (src/host/query-decoding.ts).

import { apiVersion } from "./api-version.ts";
import type { OperationSpec, QueryKind } from "./operation-spec.ts";

/** `/v1.50/containers/abc/logs?follow=1&tail=10` for the operation and its request. */
export function requestTarget(operation: OperationSpec, request: Record<string, unknown>): string {
  const query = encodeQuery(operation.query, request);
  return `/v${apiVersion}${fillPath(operation.path, request)}${query && `?${query}`}`;
}

/** The path template with each `{name}` replaced by the request's value, percent-encoded. */
export function fillPath(template: string, request: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = request[name];
    if (typeof value !== "string") throw new TypeError(`${template} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/** The values named in `kinds`, as a query string without the "?" ("" when none is set). */
export function encodeQuery(kinds: Record<string, QueryKind>, values: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, kind] of Object.entries(kinds)) {
    // A list is the parameter repeated, one value each (`t=a&t=b`).
    const texts = kind === "strings" ? ((values[name] as string[] | undefined) ?? []) : [encodeValue(kind, values[name])];
    for (const text of texts) if (text !== undefined) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(text)}`);
  }
  return pairs.join("&");
}

function encodeValue(kind: Exclude<QueryKind, "strings">, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (kind) {
    case "boolean":
      return value ? "1" : "0";
    case "integer":
      return String(Math.trunc(Number(value)));
    case "filters":
      return Object.keys(value as object).length > 0 ? JSON.stringify(value) : undefined;
    case "string":
      return String(value);
  }
}
