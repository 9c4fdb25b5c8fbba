// Splits a Dockerfile into its instructions with `dockerfile-ast` (comments, parser directives,
// the escape character, line continuations and here-documents), and gives each one as Docker's
// parser does: the keyword, the line it starts on, its text with continuations joined and
// comment lines dropped (what the classic builder prints as "Step 2/5 : …"), its leading
// `--name=value` flags, and the bodies of its here-documents.

import "./node-buffer-global.ts";
import { Copy, DockerfileParser, Run, type Instruction } from "dockerfile-ast";

export interface HeredocBody {
  name: string;
  /** The body, each line ending in "\n" (leading tabs removed for `<<-`). */
  content: string;
  /** False when the name was quoted (`<<'EOF'`): the body is then taken literally. */
  expand: boolean;
}

export interface RawInstruction {
  /** Upper case, e.g. "RUN". */
  keyword: string;
  /** 1-based line number where the instruction starts. */
  line: number;
  /** The instruction as Docker prints it: continuations joined, comment lines dropped. */
  original: string;
  /** The text after the keyword and the flags. */
  args: string;
  /** Leading `--name=value` flags; a flag without "=" has the value undefined. */
  flags: Map<string, string | undefined>;
  heredocs: HeredocBody[];
}

export interface DockerfileSyntax {
  escape: string;
  instructions: RawInstruction[];
}

export function readDockerfile(text: string): DockerfileSyntax {
  const document = DockerfileParser.parse(text);
  const escape = document.getEscapeCharacter();
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  const instructions = document.getInstructions().map((instruction) => rawInstruction(instruction, lines, escape));
  return { escape, instructions };
}

function rawInstruction(instruction: Instruction, lines: string[], escape: string): RawInstruction {
  const start = instruction.getRange().start.line;
  const original = joinContinuations(lines, start, escape);
  const keyword = instruction.getKeyword().toUpperCase();
  const { flags, args } = splitFlags(original.slice(original.search(/\s|$/)).trim());
  return { keyword, line: start + 1, original, args, flags, heredocs: heredocBodies(instruction, lines) };
}

/**
 * Docker's logical line from `start`: the escape character at a line's end (trailing blanks
 * allowed) continues it on the next line; comment lines and blank lines inside are skipped.
 */
function joinContinuations(lines: string[], start: number, escape: string): string {
  const continuation = new RegExp(`${escape.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}[ \\t]*$`);
  const trim = (line: string) => {
    const match = continuation.exec(line);
    return match ? { text: line.slice(0, match.index), more: true } : { text: line, more: false };
  };
  let { text, more } = trim(lines[start]!.trimStart());
  for (let index = start + 1; more && index < lines.length; index++) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (trimmed.startsWith("#") || trimmed === "") continue;
    const next = trim(line);
    text += next.text;
    more = next.more;
  }
  return text.trim();
}

/** Docker's builder flags: words starting with "--" before the arguments ("--" alone ends them). */
function splitFlags(rest: string): { flags: Map<string, string | undefined>; args: string } {
  const flags = new Map<string, string | undefined>();
  let args = rest;
  for (;;) {
    const match = /^--(\S*)\s*/.exec(args);
    if (!match) break;
    args = args.slice(match[0].length);
    if (match[1] === "") break;
    const equals = match[1]!.indexOf("=");
    if (equals === -1) flags.set(match[1]!, undefined);
    else flags.set(match[1]!.slice(0, equals), match[1]!.slice(equals + 1));
  }
  return { flags, args };
}

function heredocBodies(instruction: Instruction, lines: string[]): HeredocBody[] {
  // dockerfile-ast reads here-documents for RUN and COPY only.
  const heredocs = instruction instanceof Run || instruction instanceof Copy ? instruction.getHeredocs() : [];
  return heredocs.map((heredoc) => {
    const startRange = heredoc.getStartRange();
    const opener = lines[startRange.start.line]!.slice(startRange.start.character, startRange.end.character);
    const stripTabs = opener.startsWith("<<-");
    const content = heredoc.getContentRange();
    const body: string[] = [];
    if (content) for (let line = content.start.line; line <= content.end.line; line++) body.push(lines[line]!);
    return {
      name: heredoc.getName(),
      content: body.map((line) => `${stripTabs ? line.replace(/^\t+/, "") : line}\n`).join(""),
      expand: !/['"]/.test(opener),
    };
  });
}
