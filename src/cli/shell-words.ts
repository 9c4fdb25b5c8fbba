// Splits a typed command line into words the way a POSIX shell does for a simple command: blanks
// separate words, quotes and backslashes protect characters, adjacent parts join into one word, and
// unquoted `<`, `>`, `>>`, `<<` and `<<-` are redirection operators of their own. There is no host
// environment, so `$` is never expanded; other operators such as `|` and `;` are plain text.

export class ShellSyntaxError extends Error {
  override readonly name = "ShellSyntaxError";
}

export type RedirectOperator = "<" | ">" | ">>" | "<<" | "<<-";

export type ShellToken =
  /** `quoted` when any part of the word was quoted or escaped (a heredoc delimiter then stops expansion). */
  | { kind: "word"; text: string; quoted: boolean }
  | { kind: "redirect"; operator: RedirectOperator };

const blanks = new Set([" ", "\t"]);
/** The only characters a backslash escapes inside double quotes. */
const escapableInDoubleQuotes = new Set(["$", "`", '"', "\\", "\n"]);
const redirectOperators: RedirectOperator[] = ["<<-", "<<", ">>", "<", ">"];

/** The words of a command line; operators come out as words of their own, and newlines separate words. */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  for (let index = 0; ; ) {
    const { tokens, next } = readShellLine(line, index);
    words.push(...tokens.map((token) => (token.kind === "word" ? token.text : token.operator)));
    if (next >= line.length) return words;
    index = next;
  }
}

/**
 * Reads the tokens of one line from `start` up to an unquoted newline (a newline inside quotes, or
 * after a backslash, continues the line); `next` is the index after that newline, or the text's end.
 */
export function readShellLine(text: string, start = 0): { tokens: ShellToken[]; next: number } {
  const tokens: ShellToken[] = [];
  let word = "";
  let inWord = false;
  let quoted = false;
  let index = start;
  const endWord = () => {
    if (inWord) tokens.push({ kind: "word", text: word, quoted });
    word = "";
    inWord = false;
    quoted = false;
  };

  while (index < text.length) {
    const char = text[index];
    if (char === "\n") {
      endWord();
      return { tokens, next: index + 1 };
    }
    const operator = char === "<" || char === ">" ? redirectOperators.find((candidate) => text.startsWith(candidate, index)) : undefined;
    if (blanks.has(char)) {
      endWord();
      index += 1;
    } else if (operator) {
      endWord();
      tokens.push({ kind: "redirect", operator });
      index += operator.length;
    } else if (char === "\\" && text[index + 1] === "\n") {
      index += 2; // line continuation: removed, and does not start a word
    } else if (char === "\\") {
      inWord = true;
      quoted = true;
      // A backslash at the very end stays literal, as in `sh -c 'echo a\'`.
      word += index + 1 < text.length ? text[index + 1] : "\\";
      index += 2;
    } else if (char === "'") {
      inWord = true;
      quoted = true;
      const end = text.indexOf("'", index + 1);
      if (end < 0) throw unterminated("'");
      word += text.slice(index + 1, end);
      index = end + 1;
    } else if (char === '"') {
      inWord = true;
      quoted = true;
      const { text: inner, next } = readDoubleQuoted(text, index + 1);
      word += inner;
      index = next;
    } else {
      inWord = true;
      word += char;
      index += 1;
    }
  }
  endWord();
  return { tokens, next: text.length };
}

/** Reads from just after an opening `"` to its closing `"`; `next` is the index after it. */
function readDoubleQuoted(line: string, start: number): { text: string; next: number } {
  let text = "";
  let index = start;
  while (index < line.length) {
    const char = line[index];
    if (char === '"') return { text, next: index + 1 };
    const escaped = line[index + 1];
    if (char === "\\" && escapableInDoubleQuotes.has(escaped)) {
      if (escaped !== "\n") text += escaped;
      index += 2;
    } else {
      text += char;
      index += 1;
    }
  }
  throw unterminated('"');
}

function unterminated(quote: string): ShellSyntaxError {
  return new ShellSyntaxError(`unexpected EOF while looking for matching \`${quote}'`);
}
