// Docker's yes/no question (prompt.Confirm): "<message> [y/N] " on stdout, then a line read from
// the terminal (line-prompt.ts). Only "y" or "Y" agrees; Ctrl-C abandons the question, and Ctrl-D
// on an empty line answers no.

import type { CommandContext } from "./context.ts";
import { readLine } from "./line-prompt.ts";

export type Confirmation = "yes" | "no" | "interrupted";

export async function confirm(ctx: CommandContext, message: string): Promise<Confirmation> {
  const answer = await readLine(ctx, `${message} [y/N] `, { echo: true });
  if (answer.kind === "interrupted") return "interrupted";
  return answer.kind === "line" && answer.text.trim().toLowerCase() === "y" ? "yes" : "no";
}

/** A shell's exit code for a command that Ctrl-C (SIGINT) ended. */
const interruptedExitCode = 130;

/**
 * A prune's question, skipped with -f: undefined to go on, else the exit code to stop with.
 * Declining cancels the prune, which docker does silently and successfully.
 */
export async function confirmPrune(ctx: CommandContext, warning: string, force: boolean): Promise<number | undefined> {
  if (force) return undefined;
  const answer = await confirm(ctx, warning);
  if (answer === "yes") return undefined;
  return answer === "interrupted" ? interruptedExitCode : 0;
}
