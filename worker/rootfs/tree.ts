// A flattened root filesystem: what layer application produces and what the VM exposes to the
// guest over 9p. Paths are relative to the rootfs ("bin/sh"), normalised, with no "." or ".."
// components and no leading slash. The root directory itself is "".

import type { TarEntryType } from "../../src/tar/tar-format.ts";

/** A tree holds what a tar archive can hold. */
export type TreeEntryType = TarEntryType;

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

// Further invariants kept by apply-layer.ts: every entry's parent is a "dir" entry (the root
// included), so no path ever leads through a symlink; a hardlink's target is an earlier entry that
// is neither a directory nor another hardlink.

/** A tree holding only the root directory. */
export function createRootfsTree(): RootfsTree {
  return new Map([["", { path: "", type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: 0 }]]);
}

/** The parent of a normalised path ("" for a top-level entry). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}
