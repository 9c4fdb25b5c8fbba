// A flattened root filesystem: what layer application produces and what the VM exposes to the
// guest over 9p. Paths are relative to the rootfs ("bin/sh"), normalised, with no "." or ".."
// components and no leading slash. The root directory itself is "".

export type TreeEntryType = "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo";

export interface TreeEntry {
  path: string;
  type: TreeEntryType;
  /** Permission bits including setuid/setgid/sticky (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** File contents (type "file"). */
  data?: Uint8Array;
  /** Symlink target as stored (type "symlink"), or the rootfs-relative path of the hardlink target. */
  linkTarget?: string;
  devMajor?: number;
  devMinor?: number;
}

/** Entries keyed by path; iteration order puts every directory before its children. */
export type RootfsTree = Map<string, TreeEntry>;
