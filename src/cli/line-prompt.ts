// Reads lines typed at the terminal after prompts, as a terminal in line mode does: echoed (or, for
// a password, not echoed), Backspace erases, Enter ends the line. Ctrl-C abandons the input and
// Ctrl-D on an empty line ends it. Keys typed ahead (or pasted) wait for the next prompt.

import type { CommandContext } from "./context.ts";

export type LineAnswer = { kind: "line"; text: string } | { kind: "end-of-input" } | { kind: "interrupted" };

export interface LineReader {
  /** Writes `prompt` and resolves with the next line. */
  read(prompt: string, options: { echo: boolean }): Promise<LineAnswer>;
  /** Stops listening to the terminal. */
  close(): void;
}

export function lineReader(ctx: CommandContext): LineReader {
  let pending = "";
  let waiting: { echo: boolean; line: string; resolve: (answer: LineAnswer) => void } | undefined;

  const consume = () => {
    while (waiting && pending !== "") {
      const char = pending[0]!;
      pending = pending.slice(1);
      const current = waiting;
      const finish = (answer: LineAnswer, output: string) => {
        waiting = undefined;
        ctx.stdout.write(output);
        current.resolve(answer);
      };
      if (char === "\r" || char === "\n") finish({ kind: "line", text: current.line }, "\n");
      else if (char === "\x03") finish({ kind: "interrupted" }, "^C\n");
      else if (char === "\x04" && current.line === "") finish({ kind: "end-of-input" }, current.echo ? "" : "\n");
      else if (char === "\x7f" || char === "\b") {
        if (current.line === "") continue;
        current.line = current.line.slice(0, -1);
        if (current.echo) ctx.stdout.write("\b \b");
      } else if (char >= " ") {
        current.line += char;
        if (current.echo) ctx.stdout.write(char);
      }
    }
  };
  const subscription = ctx.terminal.onInput((data) => {
    pending += data;
    consume();
  });
  return {
    read(prompt, options) {
      ctx.stdout.write(prompt);
      return new Promise((resolve) => {
        waiting = { echo: options.echo, line: "", resolve };
        consume();
      });
    },
    close: () => subscription.dispose(),
  };
}

/** One line after `prompt`. */
export async function readLine(ctx: CommandContext, prompt: string, options: { echo: boolean }): Promise<LineAnswer> {
  const reader = lineReader(ctx);
  try {
    return await reader.read(prompt, options);
  } finally {
    reader.close();
  }
}
