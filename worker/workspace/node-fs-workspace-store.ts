// The workspace on the host's filesystem, for `berth daemon`: a real directory (by default
// <data-root>/workspace) holds the tree, so the files are the host's own, as in Docker. A path never
// leads out of that directory: a symlink whose target lies outside is treated as missing.
// A replaced file and a copied file or directory appear whole (written beside the target, then
// renamed over it); a recursive removal is the filesystem's, not atomic.

import { randomUUID } from "node:crypto";
import { appendFile, cp, lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, rmdir, chmod, utimes } from "node:fs/promises";
import type { Stats } from "node:fs";
import { dirname, join, sep } from "node:path";
import { EngineError } from "../../src/api/errors.ts";
import { baseName, isWithin, joinPath, parentPath, pathAncestry } from "../../src/api/workspace-paths.ts";
import type { WorkspaceArchiveOptions, WorkspaceEntry, WorkspaceWriteOptions } from "../../src/api/workspace-types.ts";
import { temporaryFileSuffix, writeFileAtomically } from "../node-atomic-file.ts";
import { archiveDirectory } from "./workspace-archive.ts";
import { checkedPath, raise, workspaceErrors, type WorkspaceOperation } from "./workspace-errors.ts";
import type { WorkspaceStore } from "./workspace-store.ts";

const errnoCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

export class NodeFsWorkspaceStore implements WorkspaceStore {
  #realRoot: Promise<string> | undefined;

  constructor(private readonly root: string) {}

  async stat(path: string): Promise<WorkspaceEntry> {
    const target = checkedPath(path);
    return (await this.#entry(target, "stat")) ?? raise(workspaceErrors.notFound("stat", target));
  }

  async list(path: string): Promise<WorkspaceEntry[]> {
    const target = checkedPath(path);
    const entry = (await this.#entry(target, "open")) ?? raise(workspaceErrors.notFound("open", target));
    if (entry.type !== "dir") throw workspaceErrors.notDirectory("open", target);
    const names = await readdir(await this.#host(target, "open")).catch((error: unknown) => raise(translate(error, "open", target)));
    const entries = await Promise.all(names.filter((name) => !name.endsWith(temporaryFileSuffix)).map((name) => this.#entry(joinPath(target, name), "open")));
    return entries.filter((inner) => inner !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async read(path: string): Promise<Uint8Array> {
    const target = checkedPath(path);
    const entry = (await this.#entry(target, "open")) ?? raise(workspaceErrors.notFound("open", target));
    if (entry.type === "dir") throw workspaceErrors.isDirectory("read", target);
    const bytes = await readFile(await this.#host(target, "open", true)).catch((error: unknown) => raise(translate(error, "open", target)));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async write(path: string, data: Uint8Array, options: WorkspaceWriteOptions = {}): Promise<WorkspaceEntry> {
    const target = checkedPath(path);
    const existing = await this.#entry(target, "open");
    if (existing?.type === "dir") throw workspaceErrors.isDirectory("open", target);
    if (!existing) await this.#requireDirectory("open", target);
    const host = await this.#host(target, "open", true);
    if (options.append && existing) await appendFile(host, data).catch((error: unknown) => raise(translate(error, "open", target)));
    else await writeFileAtomically(host, data, existing?.mode ?? options.mode ?? 0o644).catch((error: unknown) => raise(translate(error, "open", target)));
    if (options.mtime !== undefined) await utimes(host, new Date(), options.mtime / 1000);
    return this.stat(target);
  }

  async makeDirectory(path: string, options: { parents?: boolean } = {}): Promise<WorkspaceEntry> {
    const target = checkedPath(path);
    if (!options.parents) {
      await this.#requireDirectory("mkdir", target);
      if (await this.#entry(target, "mkdir")) throw workspaceErrors.exists("mkdir", target);
    }
    for (const step of options.parents ? pathAncestry(target) : [target]) {
      const existing = await this.#entry(step, "mkdir");
      if (existing?.type === "dir") continue;
      if (existing) throw workspaceErrors.notDirectory("mkdir", step);
      const host = await this.#host(step, "mkdir");
      await mkdir(host).catch((error: unknown) => raise(translate(error, "mkdir", step)));
      await chmod(host, 0o755);
    }
    return this.stat(target);
  }

  async remove(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const target = checkedPath(path);
    if (target === "/") throw workspaceErrors.root("remove");
    const entry = (await this.#entry(target, "remove")) ?? raise(workspaceErrors.notFound("remove", target));
    const host = await this.#host(target, "remove");
    if (entry.type !== "dir") await rm(host);
    else if (options.recursive) await rm(host, { recursive: true });
    else await rmdir(host).catch((error: unknown) => raise(translate(error, "remove", target)));
  }

  async move(from: string, to: string): Promise<WorkspaceEntry> {
    const [source, target] = await this.#checkTransfer("rename", checkedPath(from), checkedPath(to), true);
    if (source.path !== target) await rename(await this.#host(source.path, "rename"), await this.#host(target, "rename"));
    return this.stat(target);
  }

  async copy(from: string, to: string, options: { recursive?: boolean } = {}): Promise<WorkspaceEntry> {
    const [source, target] = await this.#checkTransfer("copy", checkedPath(from), checkedPath(to), options.recursive ?? false);
    if (source.path === target) throw new EngineError("invalid", `copy ${source.path} ${target}: the source and the target are the same file`);
    const host = await this.#host(target, "copy");
    const staging = `${host}.${randomUUID()}${temporaryFileSuffix}`;
    try {
      await cp(await this.#host(source.path, "copy", true), staging, { recursive: true, verbatimSymlinks: true });
      await rename(staging, host);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw translate(error, "copy", target);
    }
    return this.stat(target);
  }

  archive(path: string, options?: WorkspaceArchiveOptions): Promise<Uint8Array> {
    return archiveDirectory(this, checkedPath(path), options);
  }

  /** The checks a move and a copy share (see WorkspaceStore); returns the source and the target path. */
  async #checkTransfer(operation: "rename" | "copy", from: string, to: string, recursive: boolean): Promise<[WorkspaceEntry, string]> {
    if (from === "/" || to === "/") throw workspaceErrors.root(operation);
    const source = (await this.#entry(from, operation)) ?? raise(workspaceErrors.notFound(operation, from));
    if (source.type === "dir" && !recursive) throw workspaceErrors.isDirectory(operation, from);
    if (source.type === "dir" && isWithin(to, from)) throw workspaceErrors.intoItself(operation, from, to);
    if (from === to) return [source, to];
    await this.#requireDirectory(operation, to);
    const target = await this.#entry(to, operation);
    if (target && (target.type === "dir" || source.type === "dir")) throw workspaceErrors.exists(operation, to);
    return [source, to];
  }

  async #requireDirectory(operation: WorkspaceOperation, path: string): Promise<void> {
    const parent = await this.#entry(parentPath(path), operation);
    if (!parent) throw workspaceErrors.notFound(operation, path);
    if (parent.type !== "dir") throw workspaceErrors.notDirectory(operation, path);
  }

  /** The entry at `path`, or undefined when there is none (or it lies outside the workspace). */
  async #entry(path: string, operation: WorkspaceOperation): Promise<WorkspaceEntry | undefined> {
    let host: string;
    let stats: Stats;
    try {
      host = await this.#host(path, operation);
      stats = await lstat(host);
    } catch (error) {
      if (error instanceof EngineError && error.code === "not-found") return undefined;
      if (errnoCode(error) === "ENOENT" || errnoCode(error) === "ENOTDIR") return undefined;
      throw error;
    }
    const common = { path, name: baseName(path), mode: stats.mode & 0o7777, mtime: Math.round(stats.mtimeMs) };
    if (stats.isDirectory()) return { ...common, type: "dir", size: 0 };
    if (stats.isSymbolicLink()) {
      // A link is a file or a directory when it leads to one inside the workspace, else a plain link.
      const followed = await this.#host(path, operation, true).then((real) => lstat(real), () => undefined);
      if (followed?.isDirectory()) return { ...common, type: "dir", size: 0 };
      if (followed?.isFile()) return { ...common, type: "file", size: followed.size };
      return { ...common, type: "symlink", size: 0, linkTarget: await readlink(host) };
    }
    return { ...common, type: "file", size: stats.size };
  }

  /**
   * The host path of `path`, after checking that the directory holding it resolves to a place inside
   * the workspace; with `follow`, a symlink at `path` must lead to an existing place inside, whose
   * real path is returned.
   */
  async #host(path: string, operation: WorkspaceOperation, follow = false): Promise<string> {
    const realRoot = await this.#root();
    if (path === "/") return realRoot;
    const host = join(realRoot, path.slice(1));
    const inside = (real: string) => real === realRoot || real.startsWith(`${realRoot}${sep}`);
    if (!inside(await existingRealPath(dirname(host)))) throw workspaceErrors.notFound(operation, path);
    if (!follow || !(await lstat(host).catch(() => undefined))?.isSymbolicLink()) return host;
    const real = await realpath(host).catch(() => undefined);
    if (real === undefined || !inside(real)) throw workspaceErrors.notFound(operation, path);
    return real;
  }

  #root(): Promise<string> {
    this.#realRoot ??= mkdir(this.root, { recursive: true }).then(() => realpath(this.root));
    return this.#realRoot;
  }
}

/** The real path of `path`, or of its nearest ancestor that exists. */
async function existingRealPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const parent = dirname(path);
    if (parent === path || (errnoCode(error) !== "ENOENT" && errnoCode(error) !== "ENOTDIR")) throw error;
    return existingRealPath(parent);
  }
}

function translate(error: unknown, operation: WorkspaceOperation, path: string): Error {
  if (error instanceof EngineError) return error;
  switch (errnoCode(error)) {
    case "ENOENT":
      return workspaceErrors.notFound(operation, path);
    case "ENOTDIR":
      return workspaceErrors.notDirectory(operation, path);
    case "EISDIR":
      return workspaceErrors.isDirectory(operation, path);
    case "EEXIST":
      return workspaceErrors.exists(operation, path);
    case "ENOTEMPTY":
      return workspaceErrors.notEmpty(operation, path);
    default:
      return new EngineError("system", `${operation} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
