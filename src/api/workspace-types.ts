// The workspace: the host's files as the page's engine keeps them (a persisted tree of files and
// folders the build context, `docker load` and the page's shell read from and write to).

export type WorkspaceEntryType = "file" | "dir" | "symlink";

export interface WorkspaceEntry {
  /** Absolute, normalized path in the workspace ("/" is its root). */
  path: string;
  /** The last path element ("/" for the root). */
  name: string;
  type: WorkspaceEntryType;
  /** Bytes of a file's content (0 for a directory). */
  size: number;
  /** Permission bits (0o644, 0o755, …). */
  mode: number;
  /** Last change, in milliseconds since the epoch. */
  mtime: number;
  /** A symlink's target, as written (only a host filesystem has symlinks). */
  linkTarget?: string;
}

export interface WorkspaceWriteOptions {
  /** Adds to the end of an existing file instead of replacing its content (a shell's `>>`). */
  append?: boolean;
  /** Permission bits for a new file; an existing file keeps its own. Default 0o644. */
  mode?: number;
  /** The file's modification time in milliseconds since the epoch (an upload's); default now. */
  mtime?: number;
}

export interface WorkspaceArchiveOptions {
  /** Refuses directories whose files add up to more than this many bytes (a build context's limit). */
  maxBytes?: number;
}
