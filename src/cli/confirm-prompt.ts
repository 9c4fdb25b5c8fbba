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
