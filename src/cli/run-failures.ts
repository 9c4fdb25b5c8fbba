// What `docker run` prints and returns when creating or starting the container fails.

import { commandFailureExitCode } from "../api/start-failure.ts";

/** docker's exit code when the failure is docker's own rather than the container's. */
export const runFailureExitCode = 125;

/** `verb`: the command whose help the message points to ("run", or "create"). */
export function formatRunError(detail: string, withHelp: boolean, verb = "run"): string {
  return `docker: ${detail}${withHelp ? `\n\nRun 'docker ${verb} --help' for more information` : ""}\n`;
}

/** Like a shell: 127 when the command was not found, 126 when it could not be run, else 125. */
export function startFailureExitCode(error: unknown): number {
  return commandFailureExitCode(error instanceof Error ? error.message : String(error)) ?? runFailureExitCode;
}
