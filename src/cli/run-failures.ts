// What `docker run` prints and returns when creating or starting the container fails.

import { isEngineError } from "../api/errors.ts";
import { describeEngineFailure } from "./engine-failure.ts";
import { familiarName, familiarReferenceWithDefaultTag, parseImageReference } from "./image-reference.ts";

/** docker's exit code when the failure is docker's own rather than the container's. */
export const runFailureExitCode = 125;

export function formatRunError(detail: string, withHelp: boolean): string {
  return `docker: ${detail}${withHelp ? "\n\nRun 'docker run --help' for more information" : ""}\n`;
}

/** A missing image is pulled by docker; berth cannot pull yet, so it reports what a failed pull says. */
export function createFailureReport(image: string, error: unknown): string {
  if (!isEngineError(error) || error.code !== "not-found") return formatRunError(describeEngineFailure(error), true);
  const repository = familiarName(parseImageReference(image).name);
  const pullDenied = `pull access denied for ${repository}, repository does not exist or may require 'docker login'`;
  return (
    `Unable to find image '${familiarReferenceWithDefaultTag(image)}' locally\n` +
    formatRunError(`Error response from daemon: ${pullDenied}`, true)
  );
}

/** Like a shell: 127 when the command was not found, 126 when it could not be run, else 125. */
export function startFailureExitCode(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied|is a directory/.test(message)) return 126;
  return runFailureExitCode;
}
