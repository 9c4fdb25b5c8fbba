// What the host shell reads from the prompt: one simple command (its words and redirections) and,
// on the lines after it, the bodies of its heredocs. Input that needs more lines (a heredoc whose
// delimiter has not come, an open quote) is incomplete: the line editor then asks for the next line.

import { readShellLine, ShellSyntaxError, type RedirectOperator } from "../cli/shell-words.ts";

export type Redirect =
  /** `>` replaces the file, `>>` appends to it, `<` reads it as stdin. */
  | { operator: ">" | ">>" | "<"; target: string }
  /** A heredoc's body, the command's stdin. */
  | { operator: "<<"; body: string };

export interface ShellCommand {
  words: string[];
  redirects: Redirect[];
}

export type ShellInput = { kind: "command"; command: ShellCommand } | { kind: "incomplete" };

interface PendingHeredoc {
  delimiter: string;
  /** `<<-`: leading tabs are stripped from the body's lines and the delimiter line. */
  stripTabs: boolean;
  /** A quoted delimiter leaves the body as it is; otherwise `\` escapes `\`, `$`, `` ` `` and a newline. */
  literal: boolean;
  index: number;
}

/** Parses the whole input: the command line and its heredoc bodies. Throws ShellSyntaxError. */
export function parseShellInput(text: string): ShellInput {
  let line: ReturnType<typeof readShellLine>;
  try {
    line = readShellLine(text);
  } catch (error) {
    if (error instanceof ShellSyntaxError && error.message.startsWith("unexpected EOF")) return { kind: "incomplete" };
    throw error;
  }
  const words: string[] = [];
  const redirects: (Redirect | undefined)[] = [];
  const heredocs: PendingHeredoc[] = [];
  const { tokens } = line;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind === "word") {
      words.push(token.text);
      continue;
    }
    const target = tokens[index + 1];
    if (target?.kind !== "word") throw unexpectedToken(target?.kind === "redirect" ? target.operator : "newline");
    index += 1;
    if (token.operator === "<<" || token.operator === "<<-") {
      heredocs.push({ delimiter: target.text, stripTabs: token.operator === "<<-", literal: target.quoted, index: redirects.length });
      redirects.push(undefined);
    } else {
      redirects.push({ operator: token.operator, target: target.text });
    }
  }
  let position = line.next;
  for (const heredoc of heredocs) {
    const body = readHeredocBody(text, position, heredoc);
    if (!body) return { kind: "incomplete" };
    redirects[heredoc.index] = { operator: "<<", body: body.text };
    position = body.next;
  }
  return { kind: "command", command: { words, redirects: redirects.filter((redirect) => redirect !== undefined) } };
}

/** True when the input needs more lines before it can run. A syntax error is complete: it is reported when run. */
export function needsMoreInput(text: string): boolean {
  try {
    return parseShellInput(text).kind === "incomplete";
  } catch {
    return false;
  }
}

/** The body from `start` up to the delimiter line, or undefined when that line has not come yet. */
function readHeredocBody(text: string, start: number, heredoc: PendingHeredoc): { text: string; next: number } | undefined {
  const lines: string[] = [];
  let position = start;
  while (position < text.length) {
    const newline = text.indexOf("\n", position);
    const end = newline < 0 ? text.length : newline;
    let line = text.slice(position, end);
    if (heredoc.stripTabs) line = line.replace(/^\t+/, "");
    position = end + 1;
    if (line === heredoc.delimiter) {
      const body = lines.map((bodyLine) => `${bodyLine}\n`).join("");
      return { text: heredoc.literal ? body : unescapeHeredoc(body), next: position };
    }
    lines.push(line);
  }
  return undefined;
}

/** An unquoted heredoc's backslashes: `\\`, `\$` and `` \` `` keep the character, `\` newline joins lines. */
function unescapeHeredoc(body: string): string {
  return body.replace(/\\([\\$`\n])/g, (_, escaped: string) => (escaped === "\n" ? "" : escaped));
}

function unexpectedToken(token: RedirectOperator | "newline"): ShellSyntaxError {
  return new ShellSyntaxError(`syntax error near unexpected token \`${token}'`);
}
