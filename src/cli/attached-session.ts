// Holds the foreground while the terminal is attached to a process: connects keystrokes and the
// window size, and ends with the process's exit code (once the stream has ended, so all its output
// is on screen) or, when the user typed the detach keys, with "detached" (the process keeps running).

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
    if (outcome !== "detached") await Promise.race([connection.done().catch(() => undefined), delay(outputDrainMs)]);
    return outcome;
  } finally {
    terminal.dispose();
  }
}

/** How long the output of an exited process may trail its exit. */
const outputDrainMs = 2000;

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
