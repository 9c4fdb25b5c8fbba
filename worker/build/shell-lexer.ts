// Docker's Dockerfile word processing (BuildKit's shell lexer): quotes, the escape character and
// variable substitution ($name, ${name}, ${name:-word}, ${name:+word}, ${name:?message} and their
// forms without the colon) in the arguments of ENV, LABEL, ARG, WORKDIR, USER, COPY and the other
// instructions Docker expands. RUN, CMD and ENTRYPOINT are never expanded here: their shell does it.

import { EngineError } from "../../src/api/errors.ts";

/** Variables visible to a word: the stage's ENV and the build args it declared. */
export type Variables = ReadonlyMap<string, string>;

export interface ExpandedWord {
  value: string;
  /** Names of the variables the word read (and found). */
  used: Set<string>;
}

const EOF = "";

class WordScanner {
  #position = 0;
  readonly used = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly variables: Variables,
    private readonly escape: string,
  ) {}

  peek(): string {
    return this.text[this.#position] ?? EOF;
  }

  next(): string {
    const ch = this.peek();
    if (ch !== EOF) this.#position++;
    return ch;
  }

  /**
   * Reads up to `stop` (consumed) or the end. `words` collects the unquoted whitespace-separated
   * words too: a variable's value splits there, quoted text never does.
   */
  process(stop: string, words?: WordCollector): string {
    let result = "";
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (stop !== EOF && ch === stop) {
        this.next();
        return result;
      }
      if (ch === "$") {
        const value = this.dollar();
        result += value;
        words?.addSplitting(value);
      } else if (ch === "'" || ch === '"') {
        const value = ch === "'" ? this.singleQuoted() : this.doubleQuoted();
        result += value;
        words?.addRaw(value);
      } else {
        this.next();
        let literal = ch;
        if (ch === this.escape) {
          // The escape character takes the next character literally; a trailing one vanishes.
          literal = this.next();
          if (literal === EOF) break;
          words?.addRaw(literal);
        } else {
          words?.addSplitting(literal);
        }
        result += literal;
      }
    }
    if (stop !== EOF) throw new Error(`unexpected end of statement while looking for matching ${stop}`);
    return result;
  }

  private singleQuoted(): string {
    this.next();
    let result = "";
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new Error("unexpected end of statement while looking for matching single-quote");
      if (ch === "'") return result;
      result += ch;
    }
  }

  private doubleQuoted(): string {
    this.next();
    let result = "";
    for (;;) {
      const ch = this.peek();
      if (ch === EOF) throw new Error("unexpected end of statement while looking for matching double-quote");
      if (ch === '"') {
        this.next();
        return result;
      }
      if (ch === "$") {
        result += this.dollar();
        continue;
      }
      this.next();
      if (ch === this.escape) {
        const following = this.peek();
        if (following === EOF) continue;
        // Only ", $ and the escape character itself can be escaped; otherwise it stays.
        if (following === '"' || following === "$" || following === this.escape) {
          result += this.next();
          continue;
        }
      }
      result += ch;
    }
  }

  private dollar(): string {
    this.next();
    if (this.peek() !== "{") {
      const name = this.name();
      return name === "" ? "$" : this.lookup(name).value;
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new Error("syntax error: missing '}'");
    if (first === "{" || first === "}" || first === ":") throw new Error("syntax error: bad substitution");
    const name = this.name();
    let modifier = this.next();
    if (modifier === "}") return this.lookup(name).value;
    if (modifier === EOF) throw new Error("syntax error: missing '}'");
    const nullIsUnset = modifier === ":";
    if (nullIsUnset) modifier = this.next();
    if (modifier !== "-" && modifier !== "+" && modifier !== "?") {
      throw new Error(`unsupported modifier (${nullIsUnset ? ":" : ""}${modifier}) in substitution`);
    }
    let word: string;
    try {
      word = this.process("}");
    } catch (error) {
      if (this.peek() === EOF) throw new Error("syntax error: missing '}'");
      throw error;
    }
    const { value, set } = this.lookup(name);
    const absent = !set || (nullIsUnset && value === "");
    switch (modifier) {
      case "-":
        return absent ? word : value;
      case "+":
        return absent ? "" : word;
      default:
        if (!set) throw new Error(`${name}: ${word || "is not allowed to be unset"}`);
        if (absent) throw new Error(`${name}: ${word || "is not allowed to be empty"}`);
        return value;
    }
  }

  /** A name: letters, digits and _, or a run of digits, or one of the shell's special parameters. */
  private name(): string {
    let name = "";
    for (;;) {
      const ch = this.peek();
      if (ch === EOF) return name;
      if (name === "" && /[0-9]/.test(ch)) {
        while (/[0-9]/.test(this.peek())) name += this.next();
        return name;
      }
      if (name === "" && "@*#?-$!0".includes(ch)) return this.next();
      if (!/[\p{L}\p{N}_]/u.test(ch)) return name;
      name += this.next();
    }
  }

  private lookup(name: string): { value: string; set: boolean } {
    const value = this.variables.get(name);
    if (value === undefined) return { value: "", set: false };
    this.used.add(name);
    return { value, set: true };
  }
}

class WordCollector {
  readonly words: string[] = [];
  #word = "";
  #inWord = false;

  addSplitting(text: string): void {
    for (const ch of text) {
      if (/\s/.test(ch)) {
        if (this.#inWord) this.finish();
      } else {
        this.#word += ch;
        this.#inWord = true;
      }
    }
  }

  addRaw(text: string): void {
    this.#word += text;
    this.#inWord = true;
  }

  finish(): string[] {
    if (this.#word !== "" || this.#inWord) this.words.push(this.#word);
    this.#word = "";
    this.#inWord = false;
    return this.words;
  }
}

function failure(word: string, error: unknown): EngineError {
  return new EngineError("invalid", `failed to process ${JSON.stringify(word)}: ${error instanceof Error ? error.message : String(error)}`);
}

/** One word with its quotes and escapes removed and its variables substituted. */
export function expandWord(word: string, variables: Variables, escape = "\\"): ExpandedWord {
  const scanner = new WordScanner(word, variables, escape);
  try {
    return { value: scanner.process(EOF), used: scanner.used };
  } catch (error) {
    throw failure(word, error);
  }
}

/** Like expandWord, then split at unquoted whitespace (EXPOSE $PORTS with PORTS="80 443"). */
export function expandWords(word: string, variables: Variables, escape = "\\"): string[] {
  const scanner = new WordScanner(word, variables, escape);
  const collector = new WordCollector();
  try {
    scanner.process(EOF, collector);
  } catch (error) {
    throw failure(word, error);
  }
  return collector.finish().filter((w) => w !== "");
}

/**
 * Splits an instruction's arguments at unquoted whitespace, keeping quotes and escapes for the
 * later expansion (Docker's parseWords, used for ENV, LABEL and ARG).
 */
export function splitWords(text: string, escape = "\\"): string[] {
  const words: string[] = [];
  let word = "";
  let quote = "";
  let inWord = false;
  let blankOk = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "") {
      if (/\s/.test(ch)) {
        if (inWord && (blankOk || word !== "")) words.push(word);
        word = "";
        inWord = false;
        blankOk = false;
        continue;
      }
      inWord = true;
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
      } else if (ch === escape) {
        if (i + 1 === text.length) continue;
        word += ch;
        word += text[++i];
        continue;
      }
      word += ch;
    } else {
      if (ch === quote) quote = "";
      else if (ch === escape && quote !== "'") {
        if (i + 1 === text.length) continue;
        word += ch;
        word += text[++i];
        continue;
      }
      word += ch;
    }
  }
  if (inWord && (blankOk || word !== "")) words.push(word);
  return words;
}
