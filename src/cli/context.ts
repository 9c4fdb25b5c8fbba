// What a docker verb runs against: the engine (a comlink proxy in the page, or a daemon's HTTP
// client), the contexts, the terminal's output streams, and the terminal itself while the verb
// owns the foreground.

import type { EngineApi } from "../api/engine-api.ts";
import type { WorkspaceArchiveOptions, WorkspaceEntry, WorkspaceWriteOptions } from "../api/workspace-types.ts";
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

/**
 * The host's filesystem as a command sees it, from the shell's current directory: in the page, the
 * workspace the engine keeps (src/shell/workspace-file-system.ts). Every `path` may be relative (to
 * `cwd`) or start with `~` (the home directory, "/"); `..` stops at "/". Failures are EngineErrors
 * worded as Go's os package words them ("open /app/x: no such file or directory"), with the codes
 * not-found, invalid (a file where a directory is needed, or the reverse) and conflict.
 */
export interface HostFileSystem {
  /** The current directory, absolute. */
  readonly cwd: string;
  /** `path` as an absolute, normalized workspace path. */
  resolve(path: string): string;
  /** The entry at `path`, or undefined when there is none. */
  stat(path: string): Promise<WorkspaceEntry | undefined>;
  /** A directory's entries in name order. */
  list(path: string): Promise<WorkspaceEntry[]>;
  read(path: string): Promise<Uint8Array>;
  /** Creates or replaces a file (its directory must exist). */
  write(path: string, data: Uint8Array, options?: WorkspaceWriteOptions): Promise<WorkspaceEntry>;
  /**
   * A tar of the directory's contents, paths relative to it, with modes and mtimes: a build context
   * as Docker's client sends it (`.dockerignore` is the builder's to apply). `maxBytes` refuses a
   * larger one (invalid).
   */
  archive(directory: string, options?: WorkspaceArchiveOptions): Promise<Uint8Array>;
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
  /** The host's filesystem (the workspace in the page); absent where there is none. */
  hostFs?: HostFileSystem;
  /**
   * The command's standard input when the shell redirected it: a heredoc (`docker build - <<'EOF'`)
   * or a file (`docker load < image.tar`). Absent when stdin is the terminal.
   */
  stdin?: Uint8Array;
  /** True when stdout goes to a file (`docker save busybox > busybox.tar`), not to the terminal. */
  stdoutRedirected?: boolean;
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
