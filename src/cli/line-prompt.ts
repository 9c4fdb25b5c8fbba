// Reads one line typed at the terminal after a prompt, as a terminal in line mode does: echoed (or,
// for a password, not echoed), Backspace erases, Enter ends the line. Ctrl-C abandons it and
// Ctrl-D on an empty line ends the input.

import type { CommandContext } from "./context.ts";

export type LineAnswer = { kind: "line"; text: string } | { kind: "end-of-input" } | { kind: "interrupted" };

export function readLine(ctx: CommandContext, prompt: string, options: { echo: boolean }): Promise<LineAnswer> {
  ctx.stdout.write(prompt);
  return new Promise((resolve) => {
    let line = "";
    const finish = (answer: LineAnswer, output: string) => {
      subscription.dispose();
      ctx.stdout.write(output);
      resolve(answer);
    };
    const subscription = ctx.terminal.onInput((data) => {
      for (const char of data) {
        if (char === "\r" || char === "\n") return finish({ kind: "line", text: line }, "\n");
        if (char === "\x03") return finish({ kind: "interrupted" }, "^C\n");
        if (char === "\x04" && line === "") return finish({ kind: "end-of-input" }, options.echo ? "" : "\n");
        if (char === "\x7f" || char === "\b") {
          if (line === "") continue;
          line = line.slice(0, -1);
          if (options.echo) ctx.stdout.write("\b \b");
        } else if (char >= " ") {
          line += char;
          if (options.echo) ctx.stdout.write(char);
        }
      }
    });
  });
}
