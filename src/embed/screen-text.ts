// A terminal's output as plain text for an example's <pre>: what a screen would show once the
// escape sequences are applied. Line breaks, carriage returns, backspace and tabs move the cursor;
// the CLI's in-place rewrites (cursor up and down, erase line) rewrite lines, as pull progress does;
// colours and other sequences are dropped. Oldest lines beyond `maxLines` are let go.

const escape = "\x1b";
/** A CSI sequence (ESC [ params final), an OSC string (ESC ] … BEL or ESC \), or a two-character escape. */
const sequence = /^\x1b(?:\[([0-9;?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[^[\]])/;
/** The start of a sequence that may still be completed by the next write. */
const unfinished = /^\x1b(?:\[[0-9;?]*|\][^\x07\x1b]*\x1b?)?$/;

export class ScreenText {
  #lines: string[] = [""];
  #row = 0;
  #column = 0;
  #held = "";

  constructor(private readonly maxLines = 2000) {}

  write(text: string): void {
    let rest = this.#held + text;
    this.#held = "";
    while (rest) {
      if (rest[0] === escape) {
        const match = sequence.exec(rest);
        if (!match) {
          if (unfinished.test(rest)) {
            this.#held = rest;
            return;
          }
          rest = rest.slice(1);
          continue;
        }
        if (match[2]) this.#control(match[2], match[1]);
        rest = rest.slice(match[0].length);
        continue;
      }
      const printable = /^[^\x00-\x1f\x7f]+/.exec(rest);
      if (printable) {
        this.#put(printable[0]);
        rest = rest.slice(printable[0].length);
        continue;
      }
      this.#special(rest[0]);
      rest = rest.slice(1);
    }
  }

  /** What the screen shows: its lines, without trailing blanks. */
  get text(): string {
    return this.#lines.map((line) => line.trimEnd()).join("\n");
  }

  clear(): void {
    this.#lines = [""];
    this.#row = 0;
    this.#column = 0;
    this.#held = "";
  }

  #put(text: string): void {
    const line = this.#lines[this.#row].padEnd(this.#column);
    const characters = [...text];
    this.#lines[this.#row] = line.slice(0, this.#column) + text + line.slice(this.#column + characters.length);
    this.#column += characters.length;
  }

  #special(character: string): void {
    if (character === "\n") this.#moveTo(this.#row + 1, 0);
    else if (character === "\r") this.#column = 0;
    else if (character === "\b") this.#column = Math.max(0, this.#column - 1);
    else if (character === "\t") this.#column = (Math.floor(this.#column / 8) + 1) * 8;
  }

  #control(final: string, parameters: string): void {
    const count = Math.max(1, Number.parseInt(parameters, 10) || 1);
    if (final === "A") this.#moveTo(Math.max(0, this.#row - count), this.#column);
    else if (final === "B") this.#moveTo(this.#row + count, this.#column);
    else if (final === "C") this.#column += count;
    else if (final === "D") this.#column = Math.max(0, this.#column - count);
    else if (final === "G") this.#column = count - 1;
    else if (final === "K") {
      const line = this.#lines[this.#row];
      if (parameters === "2") this.#lines[this.#row] = "";
      else if (parameters === "1") this.#lines[this.#row] = " ".repeat(this.#column) + line.slice(this.#column);
      else this.#lines[this.#row] = line.slice(0, this.#column);
    }
  }

  /** Moves the cursor, adding lines below as a terminal scrolls, and letting the oldest go. */
  #moveTo(row: number, column: number): void {
    while (this.#lines.length <= row) this.#lines.push("");
    const excess = this.#lines.length - this.maxLines;
    if (excess > 0) {
      this.#lines.splice(0, excess);
      row -= excess;
    }
    this.#row = row;
    this.#column = column;
  }
}
