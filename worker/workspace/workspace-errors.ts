// The workspace's failures, worded as Go's os package words them ("<op> <path>: <reason>"), which is
// what Docker's daemon reports for a host path. The page's shell turns the reason into its own words.

import { EngineError, type EngineErrorCode } from "../../src/api/errors.ts";
import { normalizeWorkspacePath } from "../../src/api/workspace-paths.ts";

export type WorkspaceOperation = "stat" | "open" | "read" | "mkdir" | "remove" | "rename" | "copy" | "archive";

function failure(code: EngineErrorCode, operation: WorkspaceOperation, path: string, reason: string): EngineError {
  return new EngineError(code, `${operation} ${path}: ${reason}`);
}

export const workspaceErrors = {
  notFound: (operation: WorkspaceOperation, path: string) => failure("not-found", operation, path, "no such file or directory"),
  notDirectory: (operation: WorkspaceOperation, path: string) => failure("invalid", operation, path, "not a directory"),
  isDirectory: (operation: WorkspaceOperation, path: string) => failure("invalid", operation, path, "is a directory"),
  exists: (operation: WorkspaceOperation, path: string) => failure("conflict", operation, path, "file exists"),
  notEmpty: (operation: WorkspaceOperation, path: string) => failure("conflict", operation, path, "directory not empty"),
  root: (operation: WorkspaceOperation) => failure("invalid", operation, "/", "the workspace root cannot be removed or replaced"),
  intoItself: (operation: WorkspaceOperation, from: string, to: string) =>
    new EngineError("invalid", `${operation} ${from} ${to}: cannot ${operation === "copy" ? "copy" : "move"} a directory into itself`),
  tooLarge: (path: string, maxBytes: number) => failure("invalid", "archive", path, `the files add up to more than ${maxBytes} bytes`),
  badPath: (path: string) => new EngineError("invalid", `invalid workspace path ${JSON.stringify(path)}`),
};

/** The path normalized for a store; an empty path, or one holding a NUL byte, is refused. */
export function checkedPath(path: string): string {
  if (typeof path !== "string" || path === "" || path.includes("\0")) throw workspaceErrors.badPath(String(path));
  return normalizeWorkspacePath(path);
}

/** Throws `error`: for `value ?? raise(…)`. */
export function raise(error: Error): never {
  throw error;
}
