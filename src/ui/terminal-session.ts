// The interactive terminal: xterm.js with a prompt, line editing, and a foreground command that
// owns the keyboard while it runs. As in a real terminal, keys typed before the prompt is ready, or
// while a command runs that reads no input, are kept and go to the prompt once it is back.
// Commands offered by a demo link wait on the prompt one at a time and run only on Enter; keys typed
// before such a command appeared are dropped, so an early Enter never runs one the person has not seen.

import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import type { CommandTerminal, Disposable } from "../cli/context.ts";
import { needsMoreInput } from "../shell/shell-input.ts";
import { LineEditor } from "./line-editor.ts";

export type LineRunner = (line: string) => Promise<void>;

/** Completes the word before the cursor: where it starts, and what it may become. */
export type LineCompleter = (line: string, cursor: number) => Promise<{ replaceFrom: number; candidates: string[] }>;

/** The prompt in `directory` (as the prompt shows it: `~`, `~/app`). */
export function promptFor(directory: string): string {
  return `\x1b[1;34mberth\x1b[0m:\x1b[1;32m${directory}\x1b[0m$ `;
}

export class TerminalSession implements CommandTerminal {
  readonly #terminal: Terminal;
  readonly #fit = new FitAddon();
  readonly #editor = new LineEditor({ continues: needsMoreInput });
  #prompt = "";
  readonly #inputHandlers = new Set<(data: string) => void>();
  readonly #resizeHandlers = new Set<(columns: number, rows: number) => void>();
  #runLine: LineRunner | undefined;
  #completer: LineCompleter | undefined;
  #busy = false;
  /** Keys typed while nobody could take them. */
  #typedAhead = "";
  /** A demo link's commands still to put on the prompt. */
  readonly #offered: string[] = [];

  constructor(element: HTMLElement) {
    this.#terminal = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, monospace",
      fontSize: 14,
      scrollback: 5000,
      screenReaderMode: true,
      theme: { background: "#0f1720", foreground: "#d8dee9" },
    });
    this.#terminal.loadAddon(this.#fit);
    this.#terminal.open(element);
    this.#fit.fit();
    new ResizeObserver(() => this.#fit.fit()).observe(element);
    this.#terminal.onData((data) => this.#onData(data));
    this.#terminal.onResize(({ cols, rows }) => this.#resizeHandlers.forEach((handler) => handler(cols, rows)));
    this.#terminal.focus();
    this.setPrompt("~");
  }

  /** Shows `directory` in the prompt from the next prompt on. */
  setPrompt(directory: string): void {
    this.#prompt = promptFor(directory);
    this.#editor.promptWidth = `berth:${directory}$ `.length;
  }

  get columns(): number {
    return this.#terminal.cols;
  }

  get rows(): number {
    return this.#terminal.rows;
  }

  write(data: string | Uint8Array): void {
    this.#terminal.write(data);
  }

  clear(): void {
    this.#terminal.clear();
  }

  writeLine(text: string): void {
    this.#terminal.write(`${text}\n`);
  }

  /** Prints a line of news (an upload's) below the prompt, and the prompt with what was typed again. */
  notify(text: string): void {
    if (this.#busy || !this.#runLine) this.writeLine(text);
    else this.#terminal.write(`\r\n${text}\r\n${this.#prompt}${this.#editor.redraw()}`);
  }

  /** Starts accepting command lines (Tab completes with `completer`); keys typed meanwhile are replayed at the prompt. */
  enablePrompt(runLine: LineRunner, completer?: LineCompleter): void {
    this.#runLine = runLine;
    this.#completer = completer;
    this.#showPrompt();
    this.#offerNextOrReplay();
  }

  /** The commands run so far (and those remembered), oldest first. */
  get history(): readonly string[] {
    return this.#editor.history;
  }

  /** Adds commands to the history, as if they had been run (a shared session's). */
  remember(commands: readonly string[]): void {
    this.#editor.remember(commands);
  }

  /**
   * Puts `commands` on the prompt one after the other, each when the one before has run; none runs
   * before Enter. Ctrl-C at the prompt drops those left.
   */
  offer(commands: readonly string[]): void {
    this.#offered.push(...commands);
    if (this.#runLine && !this.#busy && this.#editor.line === "") this.#offerNext();
  }

  /** Runs a line as if it had been typed at the prompt (after whatever is queued already). */
  type(line: string): void {
    this.#onData(`\x15${line}\r`);
  }

  /** Focuses the terminal for the keyboard. */
  focus(): void {
    this.#terminal.focus();
  }

  onInput(handler: (data: string) => void): Disposable {
    this.#inputHandlers.add(handler);
    return { dispose: () => this.#inputHandlers.delete(handler) };
  }

  onResize(handler: (columns: number, rows: number) => void): Disposable {
    this.#resizeHandlers.add(handler);
    return { dispose: () => this.#resizeHandlers.delete(handler) };
  }

  #showPrompt(): void {
    this.#terminal.write(this.#prompt);
  }

  #onData(data: string): void {
    if (this.#busy && this.#inputHandlers.size > 0) {
      this.#inputHandlers.forEach((handler) => handler(data));
      return;
    }
    if (this.#busy || !this.#runLine || this.#typedAhead) {
      this.#typedAhead += data;
      return;
    }
    this.#edit(data);
  }

  /** Feeds keys to the line editor up to the first submitted line; returns the keys left over. */
  #edit(data: string): string {
    let rest = data;
    while (rest) {
      const key = nextKey(rest);
      rest = rest.slice(key.length);
      if (key === "\t") {
        if (this.#completer) {
          this.#busy = true;
          void this.#complete(this.#completer).finally(() => {
            this.#busy = false;
            this.#replayTypedAhead();
          });
          this.#typedAhead = rest + this.#typedAhead;
          return "";
        }
        continue;
      }
      for (const event of this.#editor.feed(key)) {
        if (event.kind === "echo") this.#terminal.write(event.text);
        else if (event.kind === "cancel") {
          this.#offered.length = 0;
          this.#showPrompt();
        } else if (event.kind === "clear-screen") {
          this.#terminal.clear();
          this.#terminal.write(`\x1b[2K\r${this.#prompt}${this.#editor.redraw()}`);
        } else {
          void this.#run(event.line);
          this.#typedAhead = rest + this.#typedAhead;
          return "";
        }
      }
    }
    return rest;
  }

  /**
   * Tab: a single candidate replaces the word (and a space follows it); several extend it to their
   * common prefix, or, when that adds nothing, are listed below the prompt.
   */
  async #complete(completer: LineCompleter): Promise<void> {
    const line = this.#editor.line;
    const cursor = this.#editor.cursor;
    const { replaceFrom, candidates } = await completer(line, cursor).catch(() => ({ replaceFrom: cursor, candidates: [] }));
    if (candidates.length === 0) return;
    const typed = line.slice(replaceFrom, cursor);
    const common = commonPrefix(candidates);
    if (candidates.length === 1 || common.length > typed.length) {
      const replacement = candidates.length === 1 ? `${candidates[0]}${candidates[0].endsWith(":") ? "" : " "}` : common;
      for (const event of this.#editor.replaceBeforeCursor(replaceFrom, replacement)) if (event.kind === "echo") this.#terminal.write(event.text);
      return;
    }
    this.#terminal.write(`\r\n${candidates.join("  ")}\r\n${this.#prompt}${this.#editor.redraw()}`);
  }

  #offerNextOrReplay(): void {
    if (this.#offered.length > 0) this.#offerNext();
    else this.#replayTypedAhead();
  }

  #offerNext(): void {
    this.#typedAhead = "";
    for (const event of this.#editor.setLine(this.#offered.shift()!)) if (event.kind === "echo") this.#terminal.write(event.text);
  }

  #replayTypedAhead(): void {
    const keys = this.#typedAhead;
    this.#typedAhead = "";
    if (keys) this.#edit(keys);
  }

  async #run(line: string): Promise<void> {
    this.#busy = true;
    try {
      await this.#runLine!(line);
    } catch (error) {
      this.writeLine(`berth: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#busy = false;
      this.#inputHandlers.clear();
      this.#showPrompt();
      this.#offerNextOrReplay();
    }
  }
}

/** One key of terminal input: an escape sequence whole, else one code point. */
function nextKey(data: string): string {
  const escape = /^\x1b(?:\[[0-9;?]*[A-Za-z~]|O[A-Za-z]|.)?/.exec(data);
  if (escape) return escape[0];
  return String.fromCodePoint(data.codePointAt(0) ?? 0);
}

function commonPrefix(words: string[]): string {
  let prefix = words[0] ?? "";
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
