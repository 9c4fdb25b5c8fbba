// Docker's HTTP routes, derived from the operation table: each operation that is part of Docker's
// API (not berth's own) answers its method and path template, with or without a version prefix
// (`/v1.50/containers/json`). Requests for a version outside what we speak get Docker's error.

import { apiVersion, minimumApiVersion } from "../api/api-version.ts";
import { EngineError } from "../api/errors.ts";
import type { OperationSpec } from "../api/operation-spec.ts";
import { operations, type OperationName } from "../api/operations.ts";


export interface RouteMatch {
  name: OperationName;
  operation: OperationSpec;
  /** Path parameters by name, decoded. */
  params: Record<string, string>;
  /** The version the client named in the path, if it did. */
  version?: string;
}

interface Route {
  name: OperationName;
  operation: OperationSpec;
  pattern: RegExp;
  paramNames: string[];
}

const routes: Route[] = (Object.keys(operations) as OperationName[])
  .filter((name) => !operations[name].berthOnly)
  .map((name) => {
    const operation: OperationSpec = operations[name];
    const paramNames: string[] = [];
    // An image name may contain slashes ({name} in /images/{name}/json), so a parameter matches
    // greedily up to the path's literal tail.
    const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_match, param: string) => {
      paramNames.push(param);
      return "(.+)";
    });
    return { name, operation, pattern: new RegExp(`^${source}$`), paramNames };
  });

const versionPrefix = /^\/v(\d+\.\d+)(\/.*)$/;

/** The operation `method` and `pathname` name, or undefined when no route matches. */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  let path = pathname;
  let version: string | undefined;
  const prefixed = versionPrefix.exec(pathname);
  if (prefixed) [, version, path] = prefixed as unknown as [string, string, string];
  // HEAD /_ping is Docker's cheap ping; every other HEAD route is declared as such.
  const lookupMethod = method === "HEAD" && path === "/_ping" ? "GET" : method;
  for (const route of routes) {
    if (route.operation.method !== lookupMethod) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.paramNames.forEach((param, index) => (params[param] = decodeURIComponent(match[index + 1]!)));
    if (version !== undefined) checkVersion(version);
    return { name: route.name, operation: route.operation, params, version };
  }
  return undefined;
}

/** True when some route has `pathname` but not `method` (Docker then answers 404 as well, but says so). */
export function pathKnown(pathname: string): boolean {
  const path = versionPrefix.exec(pathname)?.[2] ?? pathname;
  return routes.some((route) => route.pattern.test(path));
}

function checkVersion(version: string): void {
  if (compareVersions(version, apiVersion) > 0) {
    throw new EngineError("invalid", `client version ${version} is too new. Maximum supported API version is ${apiVersion}`);
  }
  if (compareVersions(version, minimumApiVersion) < 0) {
    throw new EngineError("invalid", `client version ${version} is too old. Minimum supported API version is ${minimumApiVersion}, please upgrade your client to a newer version`);
  }
}

export function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
