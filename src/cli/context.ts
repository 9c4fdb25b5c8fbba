// What a docker verb runs against: the engine (a comlink proxy in the page), the terminal's output
// streams, and the terminal itself while the verb owns the foreground.

import type { EngineApi } from "../api/engine-api.ts";
import type { CommandSpec } from "./command-specs.ts";

export interface TextSink {
  write(data: string | Uint8Array): void;
}

export interface Disposable {
  dispose(): void;
}

export interface CommandTerminal {
  readonly columns: number;
  readonly rows: number;
  /** Keystrokes while the command runs; Ctrl-C arrives as "\x03". */
  onInput(handler: (data: string) => void): Disposable;
  onResize(handler: (columns: number, rows: number) => void): Disposable;
}

export interface CommandContext {
  engine: EngineApi;
  /** Marks a callback object to be called back across the worker boundary (comlink's `proxy`). */
  proxy<T extends object>(value: T): T;
  stdout: TextSink;
  stderr: TextSink;
  terminal: CommandTerminal;
}

/**
 * A docker verb: its arguments after the verb, resolving to the exit code. `spec` is the verb as
 * typed (`docker rmi` or `docker image rm`), for parsing and messages.
 */
export type VerbRunner = (args: string[], ctx: CommandContext, spec: CommandSpec) => Promise<number>;

/** A docker verb: what it accepts (and how its help reads) and what it runs. */
export interface Verb {
  spec: CommandSpec;
  run: VerbRunner;
}
