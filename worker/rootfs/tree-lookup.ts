// Reading a file out of a RootfsTree the way a process inside the container would see it: symlinks
// are followed within the tree (an absolute target starts at the rootfs root, ".." stops at the
// root), and hardlinks lead to their file.

import type { RootfsTree, TreeEntry } from "./tree.ts";

/** Linux's limit on symlinks followed while resolving one path. */
const MAX_SYMLINKS = 40;

/** The entry a path names after following symlinks, or undefined if it does not resolve. */
export function resolveTreePath(tree: RootfsTree, path: string): TreeEntry | undefined {
  const pending = path.split("/").reverse();
  const resolved: string[] = [];
  let symlinks = 0;
  while (pending.length > 0) {
    const part = pending.pop()!;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const entry = tree.get([...resolved, part].join("/"));
    if (!entry) return undefined;
    if (entry.type === "symlink") {
      if (++symlinks > MAX_SYMLINKS) return undefined;
      if (entry.linkTarget!.startsWith("/")) resolved.length = 0;
      pending.push(...entry.linkTarget!.split("/").reverse());
      continue;
    }
    if (entry.type !== "dir" && pending.some((p) => p !== "" && p !== ".")) return undefined;
    resolved.push(part);
  }
  const entry = tree.get(resolved.join("/"));
  return entry?.type === "hardlink" ? tree.get(entry.linkTarget!) : entry;
}

/** A regular file's contents, or undefined if the path does not resolve to one. */
export function readTreeFile(tree: RootfsTree, path: string): Uint8Array | undefined {
  const entry = resolveTreePath(tree, path);
  return entry?.type === "file" ? entry.data : undefined;
}
