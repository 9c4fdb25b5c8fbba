// What a docker verb runs against: the engine (a comlink proxy in the page, or a daemon's HTTP
// client), the contexts, the terminal's output streams, and the terminal itself while the verb
// owns the foreground.

import type { EngineApi } from "../api/engine-api.ts";
import type { CommandSpec } from "./command-specs.ts";
import type { DaemonEndpoints } from "./daemon-endpoint.ts";

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

/** A file from the host side: in the page, one the user picked or dropped. */
export interface HostFile {
  name: string;
  data: Uint8Array;
  /** Milliseconds since the epoch. */
  lastModified: number;
}

/** The host's files as `docker cp` sees them; in the page, the browser's downloads and uploads. */
export interface HostFiles {
  /** Offers the bytes to the user as a file named `name`. */
  save(name: string, data: Uint8Array): void;
  /** Asks the user for files (a picker, or files dropped on the terminal); undefined if cancelled. */
  choose(): Promise<HostFile[] | undefined>;
}

/** The host's filesystem as a verb sees it (the workspace in the page), from the working directory. */
export interface HostFileSystem {
  /** An absolute path for `path`, relative to the working directory. */
  resolve(path: string): string;
  /** What is at an absolute path, or undefined when nothing is. */
  stat(path: string): Promise<{ type: "file" | "directory" | "symlink"; size: number } | undefined>;
  read(path: string): Promise<Uint8Array>;
  /** A tar of the directory's tree (modes and times kept), as a build context. */
  archive(path: string): Promise<Uint8Array>;
}

export interface CommandContext {
  /** The engine the command line talks to: the tab's, or a daemon's (`docker context`, `-H`). */
  engine: EngineApi;
  /** The stored contexts, and how to reach a daemon. */
  endpoints: DaemonEndpoints;
  /** The context the global flags chose (`--context`, or "default" with `-H`) over the current one. */
  contextOverride?: string;
  /** Absent where the host has no files to offer (unit tests). */
  files?: HostFiles;
  /** The host's filesystem; absent where there is none. */
  hostFs?: HostFileSystem;
  /** What the command line redirected to the verb's stdin (`< FILE`, a here-document). */
  stdin?: Uint8Array;
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
