// Writes flattened root filesystems into v86's in-memory 9p filesystem, which the guest mounts.
// Inodes are built directly (no 9p round trips); file contents are adopted, not copied.

import type { RootfsTree, TreeEntry } from "../rootfs/tree.ts";
import type { V86Filesystem, V86Inode } from "./v86-surface.ts";

const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFDIR = 0o040000;
const S_IFBLK = 0o060000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFMT = 0o170000;

const ROOT_ID = 0;
const NOT_FOUND = -1;
const DEFAULT_DIR_MODE = 0o755;

const utf8 = new TextEncoder();

export class GuestFiles {
  readonly #fs: V86Filesystem;

  constructor(fs: V86Filesystem) {
    this.#fs = fs;
  }

  /** True while nothing was written below the 9p root. */
  get isEmpty(): boolean {
    return this.#fs.inodes[ROOT_ID].direntries.size <= 2; // "." and ".."
  }

  exists(path: string): boolean {
    return this.#lookup(splitPath(path)) !== NOT_FOUND;
  }

  /**
   * Writes `tree` so that its root is the directory at `prefix` (relative to the 9p root, e.g.
   * `images/<hex>/rootfs`), replacing whatever was there. Missing parents are created 0755 root.
   * The tree's file data is shared with the guest filesystem: do not modify it afterwards.
   */
  async writeTree(prefix: string, tree: RootfsTree): Promise<void> {
    const parts = splitPath(prefix);
    if (parts.length === 0) throw new Error("refusing to write a tree over the 9p root");
    await this.remove(prefix);
    try {
      await this.#populate(parts, tree);
    } catch (error) {
      await this.remove(prefix);
      throw error;
    }
  }

  /** Removes the file or directory tree at `path` and frees its file data. Absent paths are fine. */
  async remove(path: string): Promise<void> {
    const parts = splitPath(path);
    if (parts.length === 0) throw new Error("refusing to remove the 9p root");
    const parentId = this.#lookup(parts.slice(0, -1));
    if (parentId === NOT_FOUND) return;
    await this.#unlinkRecursive(parentId, parts[parts.length - 1]);
  }

  async #populate(parts: string[], tree: RootfsTree): Promise<void> {
    const parentId = this.#makeDirectories(parts.slice(0, -1));
    const rootId = this.#fs.CreateDirectory(checkedName(parts[parts.length - 1]), parentId);
    const rootEntry = tree.get("");
    if (rootEntry) this.#setAttributes(rootId, S_IFDIR, rootEntry);
    else this.#setDefaultDirectoryAttributes(rootId);

    const ids = new Map<string, number>([["", rootId]]);
    const hardlinks: TreeEntry[] = [];
    for (const entry of tree.values()) {
      if (entry.path === "") continue;
      if (entry.type === "hardlink") hardlinks.push(entry);
      else ids.set(entry.path, await this.#createEntry(entry, ids));
    }
    // Hardlinks last, so a link may name a target that comes later in the tree.
    for (const entry of hardlinks) {
      const targetId = ids.get(entry.linkTarget ?? "");
      if (targetId === undefined) throw new Error(`hardlink ${entry.path}: target ${entry.linkTarget} is not in the tree`);
      const { parentId: linkParent, name } = this.#parentOf(entry.path, ids);
      if (this.#fs.Link(linkParent, targetId, name) < 0) throw new Error(`hardlink ${entry.path}: target is a directory`);
      ids.set(entry.path, targetId);
    }
  }

  async #createEntry(entry: TreeEntry, ids: Map<string, number>): Promise<number> {
    if (entry.type === "dir" && ids.has(entry.path)) {
      // Created earlier as the implicit parent of an entry listed before it.
      const id = ids.get(entry.path)!;
      this.#setAttributes(id, S_IFDIR, entry);
      return id;
    }
    const { parentId, name } = this.#parentOf(entry.path, ids);
    const fs = this.#fs;
    switch (entry.type) {
      case "dir": {
        const id = fs.CreateDirectory(name, parentId);
        this.#setAttributes(id, S_IFDIR, entry);
        return id;
      }
      case "file": {
        const id = fs.CreateFile(name, parentId);
        const data = entry.data ?? new Uint8Array(0);
        await fs.set_data(id, data);
        this.#setAttributes(id, S_IFREG, entry).size = data.length;
        return id;
      }
      case "symlink": {
        const target = entry.linkTarget ?? "";
        const id = fs.CreateSymlink(name, parentId, target);
        this.#setAttributes(id, S_IFLNK, entry).size = utf8.encode(target).length;
        return id;
      }
      case "char":
      case "block":
      case "fifo": {
        const id = fs.CreateNode(name, parentId, entry.devMajor ?? 0, entry.devMinor ?? 0);
        this.#setAttributes(id, nodeTypeBits[entry.type], entry);
        return id;
      }
      case "hardlink":
        throw new Error("hardlinks are linked after all other entries");
    }
  }

  #setAttributes(id: number, typeBits: number, entry: TreeEntry): V86Inode {
    const inode = this.#fs.inodes[id];
    inode.mode = typeBits | (entry.mode & 0o7777);
    inode.uid = entry.uid;
    inode.gid = entry.gid;
    inode.mtime = inode.ctime = inode.atime = entry.mtime;
    return inode;
  }

  #setDefaultDirectoryAttributes(id: number): void {
    const inode = this.#fs.inodes[id];
    inode.mode = S_IFDIR | DEFAULT_DIR_MODE;
    inode.uid = 0;
    inode.gid = 0;
  }

  /** Parent inode id and own name of a tree path; creates missing parents (malformed trees). */
  #parentOf(path: string, ids: Map<string, number>): { parentId: number; name: string } {
    const slash = path.lastIndexOf("/");
    const parentPath = slash === -1 ? "" : path.slice(0, slash);
    const name = checkedName(path.slice(slash + 1));
    let parentId = ids.get(parentPath);
    if (parentId === undefined) {
      const grand = this.#parentOf(parentPath, ids);
      parentId = this.#fs.CreateDirectory(grand.name, grand.parentId);
      this.#setDefaultDirectoryAttributes(parentId);
      ids.set(parentPath, parentId);
    }
    return { parentId, name };
  }

  #makeDirectories(parts: string[]): number {
    let id = ROOT_ID;
    for (const part of parts) {
      const existing = this.#fs.Search(id, checkedName(part));
      if (existing === NOT_FOUND) {
        const created = this.#fs.CreateDirectory(part, id);
        this.#setDefaultDirectoryAttributes(created);
        id = created;
      } else if ((this.#fs.inodes[existing].mode & S_IFMT) === S_IFDIR) {
        id = existing;
      } else {
        throw new Error(`${parts.join("/")}: ${part} is not a directory`);
      }
    }
    return id;
  }

  #lookup(parts: string[]): number {
    let id = ROOT_ID;
    for (const part of parts) {
      id = this.#fs.Search(id, part);
      if (id === NOT_FOUND) return NOT_FOUND;
    }
    return id;
  }

  async #unlinkRecursive(parentId: number, name: string): Promise<void> {
    const id = this.#fs.Search(parentId, name);
    if (id === NOT_FOUND) return;
    const inode = this.#fs.inodes[id];
    if ((inode.mode & S_IFMT) === S_IFDIR) {
      for (const child of [...inode.direntries.keys()]) {
        if (child !== "." && child !== "..") await this.#unlinkRecursive(id, child);
      }
    }
    const status = this.#fs.Unlink(parentId, name);
    if (status < 0) throw new Error(`cannot remove ${name}: error ${-status}`);
    if ((inode.mode & S_IFMT) === S_IFREG && inode.nlinks === 0) await this.#fs.DeleteData(id);
  }
}

const nodeTypeBits = { char: S_IFCHR, block: S_IFBLK, fifo: S_IFIFO } as const;

function splitPath(path: string): string[] {
  return path.split("/").filter((part) => part !== "");
}

/** Rejects names that would corrupt a directory (v86 stores "." and ".." as real entries). */
function checkedName(name: string): string {
  if (name === "" || name === "." || name === ".." || name.includes("/")) {
    throw new Error(`invalid file name ${JSON.stringify(name)}`);
  }
  return name;
}
