// Line editing for the prompt: insert, delete, cursor moves and history. Pure state plus the
// escape sequences that redraw the line, so it can be tested without a terminal. A command may span
// lines (a heredoc, an open quote): while `continues` says so, Enter starts a continuation line
// after a "> " prompt, editing happens on the last line, and history keeps the whole command as one
// entry.

export type LineEditorEvent =
  | { kind: "echo"; text: string }
  | { kind: "submit"; line: string }
  | { kind: "cancel" }
  | { kind: "clear-screen" };

const csi = "\x1b[";
const continuationPrompt = "> ";

export interface LineEditorOptions {
  /** True when the text typed so far needs more lines before it can run. */
  continues?: (text: string) => boolean;
}

export class LineEditor {
  /** Columns the prompt takes, for redrawing a command of several lines from its first. */
  promptWidth = 0;
  #line = "";
  #cursor = 0;
  readonly #history: string[] = [];
  #historyIndex = 0;
  #draft = "";

  constructor(private readonly options: LineEditorOptions = {}) {}

  get line(): string {
    return this.#line;
  }

  get history(): readonly string[] {
    return this.#history;
  }

  get cursor(): number {
    return this.#cursor;
  }

  /** Adds commands to the history (a shared session's), oldest first, as if they had been run. */
  remember(commands: readonly string[]): void {
    for (const command of commands) if (command.trim() && this.#history.at(-1) !== command) this.#history.push(command);
    this.#reset();
  }

  /** Puts `text` on the line in place of what is there, ready to edit or submit. */
  setLine(text: string): LineEditorEvent[] {
    return this.#replaceLine(text);
  }

  /** Replaces the text between `from` and the cursor with `text`, as a completion does. */
  replaceBeforeCursor(from: number, text: string): LineEditorEvent[] {
    const start = Math.max(0, Math.min(from, this.#cursor));
    const tail = this.#line.slice(this.#cursor);
    const erase = moveLeft(this.#cursor - start) + `${csi}K`;
    this.#line = this.#line.slice(0, start) + text + tail;
    this.#cursor = start + text.length;
    return [{ kind: "echo", text: erase + text + tail + moveLeft(tail.length) }];
  }

  /** The line drawn again after other output, with the cursor where it was. */
  redraw(): string {
    return display(this.#line) + moveLeft(this.#line.length - this.#cursor);
  }

  /** Feeds terminal input; returns what the terminal must do. */
  feed(data: string): LineEditorEvent[] {
    const events: LineEditorEvent[] = [];
    let index = 0;
    while (index < data.length) {
      const sequence = readSequence(data, index);
      index += sequence.length;
      events.push(...this.#apply(sequence));
    }
    return events;
  }

  #apply(key: string): LineEditorEvent[] {
    switch (key) {
      case "\r":
      case "\n":
        if (this.options.continues?.(this.#line)) return this.#continueLine();
        return [{ kind: "echo", text: "\r\n" }, this.#submit()];
      case "\x03":
        this.#reset();
        return [{ kind: "echo", text: "^C\r\n" }, { kind: "cancel" }];
      case "\x0c":
        return [{ kind: "clear-screen" }];
      case "\x7f":
      case "\b":
        return this.#deleteBackward();
      case `${csi}3~`:
        return this.#deleteForward();
      case `${csi}D`:
        return this.#moveTo(this.#cursor - 1);
      case `${csi}C`:
        return this.#moveTo(this.#cursor + 1);
      case `${csi}H`:
      case "\x01":
        return this.#moveTo(0);
      case `${csi}F`:
      case "\x05":
        return this.#moveTo(this.#line.length);
      case `${csi}A`:
        return this.#recall(-1);
      case `${csi}B`:
        return this.#recall(1);
      case "\x15":
        return this.#replaceLine("");
      default:
        return key.startsWith("\x1b") || key < " " ? [] : this.#insert(key);
    }
  }

  #submit(): LineEditorEvent {
    const line = this.#line;
    this.remember([line]);
    return { kind: "submit", line };
  }

  #continueLine(): LineEditorEvent[] {
    this.#line += "\n";
    this.#cursor = this.#line.length;
    return [{ kind: "echo", text: `\r\n${continuationPrompt}` }];
  }

  /** Where the line being edited starts: the last line of a command of several. */
  get #lineStart(): number {
    return this.#line.lastIndexOf("\n") + 1;
  }

  #reset(): void {
    this.#line = "";
    this.#cursor = 0;
    this.#historyIndex = this.#history.length;
    this.#draft = "";
  }

  #insert(text: string): LineEditorEvent[] {
    const tail = this.#line.slice(this.#cursor);
    this.#line = this.#line.slice(0, this.#cursor) + text + tail;
    this.#cursor += text.length;
    return [{ kind: "echo", text: text + tail + moveLeft(tail.length) }];
  }

  #deleteBackward(): LineEditorEvent[] {
    if (this.#cursor === this.#lineStart) return [];
    const tail = this.#line.slice(this.#cursor);
    this.#line = this.#line.slice(0, this.#cursor - 1) + tail;
    this.#cursor -= 1;
    return [{ kind: "echo", text: "\b" + tail + " " + moveLeft(tail.length + 1) }];
  }

  #deleteForward(): LineEditorEvent[] {
    if (this.#cursor === this.#line.length) return [];
    const tail = this.#line.slice(this.#cursor + 1);
    this.#line = this.#line.slice(0, this.#cursor) + tail;
    return [{ kind: "echo", text: tail + " " + moveLeft(tail.length + 1) }];
  }

  #moveTo(position: number): LineEditorEvent[] {
    const target = Math.max(this.#lineStart, Math.min(this.#line.length, position));
    const delta = target - this.#cursor;
    this.#cursor = target;
    if (delta === 0) return [];
    return [{ kind: "echo", text: delta < 0 ? moveLeft(-delta) : `${csi}${delta}C` }];
  }

  #recall(direction: -1 | 1): LineEditorEvent[] {
    const next = this.#historyIndex + direction;
    if (next < 0 || next > this.#history.length) return [];
    if (this.#historyIndex === this.#history.length) this.#draft = this.#line;
    this.#historyIndex = next;
    return this.#replaceLine(next === this.#history.length ? this.#draft : this.#history[next]);
  }

  /** Replaces the whole command; one of several lines is erased from its first line down. */
  #replaceLine(text: string): LineEditorEvent[] {
    const rows = this.#line.split("\n").length - 1;
    const erase = rows > 0 ? `\r${csi}${rows}A${this.promptWidth > 0 ? `${csi}${this.promptWidth}C` : ""}${csi}J` : moveLeft(this.#cursor) + `${csi}K`;
    this.#line = text;
    this.#cursor = text.length;
    return [{ kind: "echo", text: erase + display(text) }];
  }
}

/** A command as the terminal shows it: each further line after a continuation prompt. */
function display(text: string): string {
  return text.replaceAll("\n", `\r\n${continuationPrompt}`);
}

function moveLeft(count: number): string {
  return count > 0 ? `${csi}${count}D` : "";
}

/** One key: a CSI escape sequence, an SS3 sequence, or a single code point. */
function readSequence(data: string, start: number): string {
  if (data[start] === "\x1b" && (data[start + 1] === "[" || data[start + 1] === "O")) {
    let end = start + 2;
    while (end < data.length && !/[A-Za-z~]/.test(data[end])) end++;
    const raw = data.slice(start, end + 1);
    return raw.startsWith("\x1bO") ? csi + raw.slice(2) : raw;
  }
  const codePoint = data.codePointAt(start) ?? 0;
  return String.fromCodePoint(codePoint);
}
