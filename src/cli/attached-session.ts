// Holds the foreground while the terminal is attached to a process: connects keystrokes and the
// window size, and ends with the process's exit code or, when the user typed the detach keys, with
// "detached" (the process keeps running); either way once the stream has ended, so all the output
// sent before is on screen ahead of the prompt.

import type { StreamConnection } from "../api/engine-api.ts";
import { connectTerminal, type TerminalOptions } from "./container-terminal.ts";
import type { CommandContext } from "./context.ts";

export async function holdAttachedSession(
  connection: StreamConnection,
  options: TerminalOptions,
  exit: Promise<number>,
  ctx: CommandContext,
): Promise<number | "detached"> {
  const terminal = connectTerminal(connection, options, ctx);
  try {
    const outcome = await Promise.race([exit, terminal.detached.then(() => "detached" as const)]);
    await Promise.race([connection.done().catch(() => undefined), delay(outputDrainMs)]);
    return outcome;
  } finally {
    terminal.dispose();
  }
}

/** How long the output of an exited (or detached) process may trail its end. */
const outputDrainMs = 2000;

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
