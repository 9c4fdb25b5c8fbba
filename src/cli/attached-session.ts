// Holds the foreground while the terminal is attached to a process: connects keystrokes and the
// window size, and ends with the process's exit code or, when the user typed the detach keys, with
// "detached" (the process keeps running).

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
    return await Promise.race([exit, terminal.detached.then(() => "detached" as const)]);
  } finally {
    terminal.dispose();
  }
}
