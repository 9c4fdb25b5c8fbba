// How a failed engine call reads in the terminal: the daemon's own errors carry docker's
// "Error response from daemon: " prefix, anything else (a broken worker) its bare message.

import { isEngineError } from "../api/errors.ts";
import type { CommandContext } from "./context.ts";

export function describeEngineFailure(error: unknown): string {
  if (isEngineError(error)) return `Error response from daemon: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Prints the failure as docker's verbs (other than run) do, returning their exit code. */
export function reportEngineFailure(ctx: CommandContext, error: unknown): number {
  ctx.stderr.write(`${describeEngineFailure(error)}\n`);
  return 1;
}
