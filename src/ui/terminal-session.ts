// The interactive terminal: xterm.js with a prompt, line editing, and a foreground command that
// owns the keyboard while it runs. As in a real terminal, keys typed before the prompt is ready, or
// while a command runs that reads no input, are kept and go to the prompt once it is back.

import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import type { CommandTerminal, Disposable } from "../cli/context.ts";
import { LineEditor } from "./line-editor.ts";

export type LineRunner = (line: string) => Promise<void>;

export const promptText = "\x1b[1;34mberth\x1b[0m:\x1b[1;32m~\x1b[0m$ ";

export class TerminalSession implements CommandTerminal {
  readonly #terminal: Terminal;
  readonly #fit = new FitAddon();
  readonly #editor = new LineEditor();
  readonly #inputHandlers = new Set<(data: string) => void>();
  readonly #resizeHandlers = new Set<(columns: number, rows: number) => void>();
  #runLine: LineRunner | undefined;
  #busy = false;
  /** Keys typed while nobody could take them. */
  #typedAhead = "";

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

  /** Starts accepting command lines; keys typed meanwhile are replayed at the prompt. */
  enablePrompt(runLine: LineRunner): void {
    this.#runLine = runLine;
    this.#showPrompt();
    this.#replayTypedAhead();
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
    this.#terminal.write(promptText);
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
      for (const event of this.#editor.feed(key)) {
        if (event.kind === "echo") this.#terminal.write(event.text);
        else if (event.kind === "cancel") this.#showPrompt();
        else if (event.kind === "clear-screen") {
          this.#terminal.clear();
          this.#terminal.write(`\x1b[2K\r${promptText}${this.#editor.line}`);
        } else {
          void this.#run(event.line);
          this.#typedAhead = rest + this.#typedAhead;
          return "";
        }
      }
    }
    return rest;
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
      this.#replayTypedAhead();
    }
  }
}

/** One key of terminal input: an escape sequence whole, else one code point. */
function nextKey(data: string): string {
  const escape = /^\x1b(?:\[[0-9;?]*[A-Za-z~]|O[A-Za-z]|.)?/.exec(data);
  if (escape) return escape[0];
  return String.fromCodePoint(data.codePointAt(0) ?? 0);
}
