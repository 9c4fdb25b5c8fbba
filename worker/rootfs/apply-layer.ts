// Applies image layers (tar entries, lowest layer first) to a RootfsTree the way an overlay
// snapshotter stacks them: OCI whiteouts (".wh.<name>") and opaque markers (".wh..wh..opq") hide
// what lower layers put there, a directory hides a lower non-directory of the same name, and any
// other entry replaces what was there.
//
// Layers are untrusted input. Paths are normalised ("./a//b" -> "a/b", a leading "/" stripped);
// an entry whose ".." climbs out of the root, a hardlink to something outside the tree, and any
// entry below a symlink (which could only be written by following it) are refused with an
// EngineError naming the entry. Nothing is ever resolved through a symlink. On error the tree is
// left partly updated and should be discarded.
//
// Entries already in the tree are never mutated (updates put new objects in place), so a shallow
// copy of a tree's Map is an independent tree.

import { EngineError } from "../../src/api/errors.ts";
import type { TarEntry } from "../../src/tar/tar-reader.ts";
import { createRootfsTree, parentPath, type RootfsTree, type TreeEntry } from "./tree.ts";

const WHITEOUT_PREFIX = ".wh.";
const OPAQUE_MARKER = ".wh..wh..opq";

function refuse(entry: TarEntry, reason: string): EngineError {
  return new EngineError("invalid", `refusing layer entry "${entry.path}": ${reason}`);
}

/** The rootfs-relative form of an archive path, or undefined if ".." climbs out of the root. */
export function normalizeArchivePath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") parts.push(part);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.join("/");
}

function joinPath(directory: string, name: string): string {
  return directory === "" ? name : `${directory}/${name}`;
}

export class LayerApplier {
  /** Paths of the hardlinks to each target, in tree order. */
  private readonly linksByTarget = new Map<string, string[]>();

  constructor(readonly tree: RootfsTree = createRootfsTree()) {
    for (const entry of tree.values()) if (entry.type === "hardlink") this.recordLink(entry.path, entry.linkTarget!);
  }

  /** Applies one layer on top of what the tree holds. */
  apply(layer: Iterable<TarEntry>): void {
    const additions: [TarEntry, string][] = [];
    const whiteouts: string[] = [];
    const opaqueDirectories: string[] = [];
    for (const entry of layer) {
      const path = this.checkedPath(entry);
      const directory = parentPath(path);
      const name = path.slice(directory.length === 0 ? 0 : directory.length + 1);
      if (!name.startsWith(WHITEOUT_PREFIX)) {
        additions.push([entry, path]);
        continue;
      }
      this.refuseBelowSymlink(entry, path);
      if (name === OPAQUE_MARKER) opaqueDirectories.push(directory);
      else if (name.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) continue; // other AUFS metadata
      else whiteouts.push(joinPath(directory, name.slice(WHITEOUT_PREFIX.length)));
    }
    // Whiteouts hide only what lower layers hold, so they go before this layer's own entries.
    this.hideLower(whiteouts, opaqueDirectories);
    for (const [entry, path] of additions) this.add(entry, path);
  }

  private checkedPath(entry: TarEntry): string {
    const path = entry.path.includes("\0") ? undefined : normalizeArchivePath(entry.path);
    if (path === undefined) throw refuse(entry, "its path leads outside the root filesystem");
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (name === WHITEOUT_PREFIX || name === `${WHITEOUT_PREFIX}.` || name === `${WHITEOUT_PREFIX}..`) {
      throw refuse(entry, "malformed whiteout name");
    }
    return path;
  }

  /** Refuses a path whose closest ancestor in the tree is a symlink. */
  private refuseBelowSymlink(entry: TarEntry, path: string): void {
    for (let directory = parentPath(path); directory !== ""; directory = parentPath(directory)) {
      const found = this.tree.get(directory);
      if (found?.type === "symlink") throw refuse(entry, `"${directory}" is a symlink and is never followed`);
      if (found) return;
    }
  }

  private hideLower(whiteouts: string[], opaqueDirectories: string[]): void {
    const removed: TreeEntry[] = [];
    const hiddenSubtrees = new Set<string>();
    for (const path of whiteouts) {
      const entry = this.tree.get(path);
      if (entry?.type === "dir") hiddenSubtrees.add(path);
      else if (entry) {
        this.tree.delete(path);
        removed.push(entry);
      }
    }
    const clearedDirectories = new Set(opaqueDirectories.filter((path) => this.tree.get(path)?.type === "dir"));
    if (hiddenSubtrees.size > 0 || clearedDirectories.size > 0) {
      const isHidden = (path: string): boolean => {
        if (path === "") return false;
        if (hiddenSubtrees.has(path)) return true;
        for (let ancestor = parentPath(path); ; ancestor = parentPath(ancestor)) {
          if (hiddenSubtrees.has(ancestor) || clearedDirectories.has(ancestor)) return true;
          if (ancestor === "") return false;
        }
      };
      for (const [path, entry] of this.tree) {
        if (!isHidden(path)) continue;
        this.tree.delete(path);
        removed.push(entry);
      }
    }
    this.settleRemoved(removed);
  }

  private add(entry: TarEntry, path: string): void {
    if (path === "") {
      if (entry.type !== "dir") throw refuse(entry, "the root can only be a directory");
      this.tree.set("", { path: "", type: "dir", mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime });
      return;
    }
    this.ensureDirectory(entry, parentPath(path));
    const existing = this.tree.get(path);
    if (existing?.type === "dir" && entry.type === "dir") {
      this.tree.set(path, { ...existing, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime });
      return;
    }
    if (existing) this.remove(path);
    const node = this.treeEntry(entry, path);
    this.tree.set(path, node);
    if (node.type === "hardlink") this.recordLink(path, node.linkTarget!);
  }

  /** Makes `path` a directory, creating missing ones (mode 0755) and hiding a lower non-directory. */
  private ensureDirectory(entry: TarEntry, path: string): void {
    if (path === "") return;
    const existing = this.tree.get(path);
    if (existing?.type === "dir") return;
    if (existing?.type === "symlink") throw refuse(entry, `"${path}" is a symlink and is never followed`);
    if (existing) this.remove(path);
    else this.ensureDirectory(entry, parentPath(path));
    this.tree.set(path, { path, type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: entry.mtime });
  }

  private treeEntry(entry: TarEntry, path: string): TreeEntry {
    const node: TreeEntry = { path, type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
    switch (entry.type) {
      case "file":
        return { ...node, data: entry.data };
      case "symlink":
        if (!entry.linkTarget) throw refuse(entry, "symlink with an empty target");
        return { ...node, linkTarget: entry.linkTarget };
      case "char":
      case "block":
        return { ...node, devMajor: entry.devMajor ?? 0, devMinor: entry.devMinor ?? 0 };
      case "hardlink":
        return this.hardlinkEntry(entry, path);
      default:
        return node;
    }
  }

  /** A hardlink points at the file itself (never at another link) and shares its metadata. */
  private hardlinkEntry(entry: TarEntry, path: string): TreeEntry {
    const target = normalizeArchivePath(entry.linkTarget ?? "");
    if (target === undefined) throw refuse(entry, `hardlink target "${entry.linkTarget}" is outside the root filesystem`);
    const found = this.tree.get(target);
    if (!found) throw refuse(entry, `hardlink target "${target}" is not in this layer or below`);
    if (found.type === "dir") throw refuse(entry, `hardlink target "${target}" is a directory`);
    const file = found.type === "hardlink" ? this.tree.get(found.linkTarget!)! : found;
    return { path, type: "hardlink", mode: file.mode, uid: file.uid, gid: file.gid, mtime: file.mtime, linkTarget: file.path };
  }

  /** Removes an entry, and a directory's whole subtree. */
  private remove(path: string): void {
    const entry = this.tree.get(path)!;
    this.tree.delete(path);
    const removed = [entry];
    if (entry.type === "dir") {
      const prefix = `${path}/`;
      for (const [childPath, child] of this.tree) {
        if (!childPath.startsWith(prefix)) continue;
        this.tree.delete(childPath);
        removed.push(child);
      }
    }
    this.settleRemoved(removed);
  }

  /** Keeps hardlinks valid: when a linked file goes, its first surviving link takes its place. */
  private settleRemoved(removed: TreeEntry[]): void {
    for (const entry of removed) if (entry.type === "hardlink") this.forgetLink(entry.path, entry.linkTarget!);
    for (const entry of removed) {
      const links = this.linksByTarget.get(entry.path);
      if (entry.type === "hardlink" || !links) continue;
      this.linksByTarget.delete(entry.path);
      const [heir, ...others] = links as [string, ...string[]];
      this.tree.set(heir, { ...entry, path: heir });
      for (const link of others) this.tree.set(link, { ...this.tree.get(link)!, linkTarget: heir });
      if (others.length > 0) this.linksByTarget.set(heir, others);
    }
  }

  private recordLink(path: string, target: string): void {
    const links = this.linksByTarget.get(target);
    if (links) links.push(path);
    else this.linksByTarget.set(target, [path]);
  }

  private forgetLink(path: string, target: string): void {
    const links = this.linksByTarget.get(target);
    if (!links) return;
    links.splice(links.indexOf(path), 1);
    if (links.length === 0) this.linksByTarget.delete(target);
  }
}

/** Stacks layers, lowest first, onto `tree` (a fresh tree by default) and returns it. */
export function applyLayers(layers: Iterable<Iterable<TarEntry>>, tree: RootfsTree = createRootfsTree()): RootfsTree {
  const applier = new LayerApplier(tree);
  for (const layer of layers) applier.apply(layer);
  return applier.tree;
}
