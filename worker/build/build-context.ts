// The build context: the tar the client sends (gzip allowed), read into a tree of files, the
// Dockerfile taken out of it, and .dockerignore applied, as Docker's daemon does: ignored files
// are not there for COPY and ADD, and the Dockerfile and .dockerignore themselves leave the
// context when .dockerignore names them.

import ignore from "@balena/dockerignore";
import { MAX_BUILD_CONTEXT_BYTES } from "../../src/api/build-limits.ts";
import { EngineError } from "../../src/api/errors.ts";
import { compressionOf } from "../../src/tar/compression.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { normalizeArchivePath } from "../rootfs/apply-layer.ts";
import { gunzip } from "../rootfs/gzip.ts";
import { readTreeFile } from "../rootfs/tree-lookup.ts";
import { createRootfsTree, parentPath, type RootfsTree, type TreeEntry } from "../rootfs/tree.ts";

export interface BuildContext {
  /** The context's files; paths relative to its root. */
  tree: RootfsTree;
  /** The Dockerfile's text. */
  dockerfile: string;
  /** The Dockerfile's path in the context, as named. */
  dockerfileName: string;
}

export function isGzip(bytes: Uint8Array): boolean {
  return compressionOf(bytes) === "gzip";
}

export async function readBuildContext(archive: Uint8Array, dockerfileName = "Dockerfile", maxBytes = MAX_BUILD_CONTEXT_BYTES): Promise<BuildContext> {
  const tooLarge = (size: number) =>
    new EngineError("invalid", `the build context is too large: ${size} bytes, over the limit of ${maxBytes} bytes (list what the build does not need in .dockerignore)`);
  if (archive.byteLength > maxBytes) throw tooLarge(archive.byteLength);
  const tar = isGzip(archive) ? await gunzip(archive) : archive;
  if (tar.byteLength > maxBytes) throw tooLarge(tar.byteLength);
  const tree = contextTree(tar);
  const name = normalizeArchivePath(dockerfileName);
  const file = name === undefined ? undefined : readTreeFile(tree, name);
  if (!file) throw new EngineError("invalid", `Cannot locate specified Dockerfile: ${dockerfileName}`);
  const ignoreFile = readTreeFile(tree, ".dockerignore");
  if (ignoreFile) applyDockerignore(tree, new TextDecoder().decode(ignoreFile));
  return { tree, dockerfile: new TextDecoder().decode(file), dockerfileName };
}

/** The archive's entries as a tree; missing parent directories are made (0755). */
function contextTree(tar: Uint8Array): RootfsTree {
  const tree = createRootfsTree();
  const ensureDirectory = (path: string, mtime: number) => {
    if (tree.get(path)?.type === "dir") return;
    ensureDirectory(parentPath(path), mtime);
    tree.set(path, { path, type: "dir", mode: 0o755, uid: 0, gid: 0, mtime });
  };
  for (const entry of readTar(tar)) {
    const path = normalizeArchivePath(entry.path);
    if (path === undefined) throw new EngineError("invalid", `the build context holds a path outside itself: ${entry.path}`);
    if (path === "") continue;
    ensureDirectory(parentPath(path), entry.mtime);
    const node: TreeEntry = { path, type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
    if (entry.type === "file") node.data = entry.data;
    if (entry.type === "symlink") node.linkTarget = entry.linkTarget;
    if (entry.type === "hardlink") {
      // A hardlink becomes a copy of its file: the context is only read.
      const target = tree.get(normalizeArchivePath(entry.linkTarget ?? "") ?? "");
      if (target?.type !== "file") throw new EngineError("invalid", `the build context's hardlink ${entry.path} has no file to point to`);
      Object.assign(node, { type: "file", data: target.data, mode: target.mode });
    }
    if (entry.type === "dir" && tree.get(path)?.type === "dir") {
      tree.set(path, { ...tree.get(path)!, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime });
      continue;
    }
    tree.set(path, node);
  }
  return tree;
}

/** Removes what .dockerignore excludes (Docker's pattern rules, `!` exceptions included). */
export function applyDockerignore(tree: RootfsTree, patterns: string): void {
  const matcher = ignore().add(patterns);
  const kept = [...tree.values()].filter((entry) => entry.path === "" || !matcher.ignores(entry.path));
  const paths = new Set(kept.map((entry) => entry.path));
  // An excluded directory with a re-included file inside keeps the directories leading to it.
  for (const { path } of [...kept]) {
    for (let parent = parentPath(path); !paths.has(parent); parent = parentPath(parent)) {
      paths.add(parent);
      kept.push({ ...(tree.get(parent) ?? { type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: 0 }), path: parent });
    }
  }
  tree.clear();
  for (const entry of kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) tree.set(entry.path, entry);
}
