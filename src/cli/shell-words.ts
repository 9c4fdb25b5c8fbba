// Splits a typed command line into argv the way a POSIX shell does for a simple command: blanks
// separate words, quotes and backslashes protect characters, adjacent parts join into one word.
// There is no host environment, so `$` is never expanded; operators such as `|` are plain text.

export class ShellSyntaxError extends Error {
  override readonly name = "ShellSyntaxError";
}

const blanks = new Set([" ", "\t", "\n"]);
/** The only characters a backslash escapes inside double quotes. */
const escapableInDoubleQuotes = new Set(["$", "`", '"', "\\", "\n"]);

export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let index = 0;

  while (index < line.length) {
    const char = line[index];
    if (blanks.has(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      index += 1;
    } else if (char === "\\" && line[index + 1] === "\n") {
      index += 2; // line continuation: removed, and does not start a word
    } else if (char === "\\") {
      inWord = true;
      // A backslash at the very end stays literal, as in `sh -c 'echo a\'`.
      word += index + 1 < line.length ? line[index + 1] : "\\";
      index += 2;
    } else if (char === "'") {
      inWord = true;
      const end = line.indexOf("'", index + 1);
      if (end < 0) throw unterminated("'");
      word += line.slice(index + 1, end);
      index = end + 1;
    } else if (char === '"') {
      inWord = true;
      const { text, next } = readDoubleQuoted(line, index + 1);
      word += text;
      index = next;
    } else {
      inWord = true;
      word += char;
      index += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
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
