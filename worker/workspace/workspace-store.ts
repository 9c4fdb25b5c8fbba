// The workspace store: the host's files as the engine keeps them, a persisted tree of files and
// directories below "/" (IndexedDB in the browser, a real directory under Node).
//
// Lifecycle: the engine opens a backend once; every call stands alone and is atomic (a reload at any
// moment sees the tree before or after it, never a half-copied or half-moved directory). Paths are
// absolute; each call normalizes them first (workspace-paths.ts), so ".." never leaves the root.
// Nothing is created implicitly: writing a file or making a directory needs its parent directory
// (or `parents`, as `mkdir -p`). Failures are EngineErrors in the words of Go's os package, which
// Docker's daemon passes on ("open /a/b: no such file or directory"):
//   not-found  the path (or a directory on the way to it) is missing
//   invalid    a file where a directory is needed and vice versa, a move or copy into itself, the root
//   conflict   the target exists (mkdir, a directory as a move or copy target), a directory not empty
// Callers resolve "into a directory" themselves (a shell's `mv a dir/` moves to dir/a).

import type { WorkspaceArchiveOptions, WorkspaceEntry, WorkspaceWriteOptions } from "../../src/api/workspace-types.ts";

export interface WorkspaceStore {
  /** The entry at `path`; not-found when there is none. The root always exists. */
  stat(path: string): Promise<WorkspaceEntry>;
  /** A directory's entries, sorted by name; invalid for a file. */
  list(path: string): Promise<WorkspaceEntry[]>;
  /** A file's content; invalid for a directory. */
  read(path: string): Promise<Uint8Array>;
  /** Creates or replaces (or with `append`, extends) a file; its parent directory must exist. */
  write(path: string, data: Uint8Array, options?: WorkspaceWriteOptions): Promise<WorkspaceEntry>;
  /**
   * Makes a directory below an existing one (conflict when the path exists); with `parents`, also
   * the missing directories on the way, and an existing directory is fine.
   */
  makeDirectory(path: string, options?: { parents?: boolean }): Promise<WorkspaceEntry>;
  /** Removes a file or an empty directory; with `recursive`, a directory and all it holds. Never the root. */
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
  /**
   * Renames `from` to `to` (whose parent must exist). A file replaces a file at `to`; an existing
   * directory at `to` is a conflict. A directory cannot move below itself.
   */
  move(from: string, to: string): Promise<WorkspaceEntry>;
  /**
   * Copies `from` to `to` with the same rules as `move`; a directory only with `recursive`. Modes
   * are kept, the copies are new (their mtime is now).
   */
  copy(from: string, to: string, options?: { recursive?: boolean }): Promise<WorkspaceEntry>;
  /**
   * A tar of the directory's contents (paths relative to it, directories before what they hold,
   * with modes and mtimes): a build context.
   */
  archive(path: string, options?: WorkspaceArchiveOptions): Promise<Uint8Array>;
}
