// Docker's yes/no question (prompt.Confirm): "<message> [y/N] " on stdout, then a line read from
// the terminal, echoed as a terminal in line mode echoes it (Backspace erases). Only "y" or "Y"
// agrees; Ctrl-C abandons the question, and Ctrl-D on an empty line answers no.

import type { CommandContext } from "./context.ts";

export type Confirmation = "yes" | "no" | "interrupted";

export function confirm(ctx: CommandContext, message: string): Promise<Confirmation> {
  ctx.stdout.write(`${message} [y/N] `);
  return new Promise((resolve) => {
    let line = "";
    const finish = (answer: Confirmation, echo: string) => {
      subscription.dispose();
      ctx.stdout.write(echo);
      resolve(answer);
    };
    const subscription = ctx.terminal.onInput((data) => {
      for (const char of data) {
        if (char === "\r" || char === "\n") return finish(line.trim().toLowerCase() === "y" ? "yes" : "no", "\n");
        if (char === "\x03") return finish("interrupted", "^C\n");
        if (char === "\x04" && line === "") return finish("no", "");
        if (char === "\x7f" || char === "\b") {
          if (line === "") continue;
          line = line.slice(0, -1);
          ctx.stdout.write("\b \b");
        } else if (char >= " ") {
          line += char;
          ctx.stdout.write(char);
        }
      }
    });
  });
}
