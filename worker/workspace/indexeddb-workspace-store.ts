// The workspace in IndexedDB, for the browser worker. IndexedDB rather than the origin private file
// system: it keeps each entry's mode and mtime (OPFS has neither to set), every call is one
// transaction (a moved or removed directory is all or nothing), and the same code runs under Node
// on fake-indexeddb for the tests.
// Layout, in one object store: ["entry", parent, name] → the entry's type, mode, mtime and size, so a
// directory's children are one key range; ["data", path] → a file's bytes, read only when asked for.
// The root has no record: it always exists.

import { createStore, promisifyRequest, type UseStore } from "idb-keyval";
import { EngineError } from "../../src/api/errors.ts";
import { baseName, isWithin, joinPath, parentPath, relativeTo, pathAncestry } from "../../src/api/workspace-paths.ts";
import type { WorkspaceArchiveOptions, WorkspaceEntry, WorkspaceWriteOptions } from "../../src/api/workspace-types.ts";
import { concatBytes } from "../concat-bytes.ts";
import { archiveDirectory } from "./workspace-archive.ts";
import { checkedPath, raise, workspaceErrors, type WorkspaceOperation } from "./workspace-errors.ts";
import type { WorkspaceStore } from "./workspace-store.ts";

interface EntryRecord {
  type: "file" | "dir";
  mode: number;
  mtime: number;
  size: number;
}

const rootEntry: WorkspaceEntry = { path: "/", name: "/", type: "dir", size: 0, mode: 0o755, mtime: 0 };
const entryKey = (path: string): IDBValidKey => ["entry", parentPath(path), baseName(path)];
const dataKey = (path: string): IDBValidKey => ["data", path];

function toEntry(path: string, record: EntryRecord): WorkspaceEntry {
  return { path, name: baseName(path), type: record.type, size: record.size, mode: record.mode, mtime: record.mtime };
}

function recordOf(entry: WorkspaceEntry): EntryRecord {
  return { type: entry.type === "dir" ? "dir" : "file", mode: entry.mode, mtime: entry.mtime, size: entry.size };
}

/** One transaction's view of the tree. Only IndexedDB requests are awaited inside it, so it stays open. */
class TreeTransaction {
  constructor(private readonly objects: IDBObjectStore) {}

  async entry(path: string): Promise<WorkspaceEntry | undefined> {
    if (path === "/") return rootEntry;
    const record = await promisifyRequest<EntryRecord | undefined>(this.objects.get(entryKey(path)));
    return record && toEntry(path, record);
  }

  /** The directory's own entries, by name. */
  children(directory: string): Promise<WorkspaceEntry[]> {
    return this.#entriesIn(IDBKeyRange.bound(["entry", directory], ["entry", directory, []]));
  }

  /** Everything below the directory, each directory before what it holds. */
  async descendants(directory: string): Promise<WorkspaceEntry[]> {
    if (directory === "/") return this.#entriesIn(IDBKeyRange.bound(["entry"], ["entry", []]));
    const own = await this.children(directory);
    const deeper = await this.#entriesIn(IDBKeyRange.bound(["entry", `${directory}/`], ["entry", `${directory}/\uffff`]));
    return [...own, ...deeper].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  async data(path: string): Promise<Uint8Array> {
    const bytes = await promisifyRequest<ArrayBuffer | undefined>(this.objects.get(dataKey(path)));
    return new Uint8Array(bytes ?? new ArrayBuffer(0));
  }

  put(entry: WorkspaceEntry, data?: Uint8Array): void {
    this.objects.put(recordOf(entry), entryKey(entry.path));
    if (data) this.objects.put(data.slice().buffer, dataKey(entry.path));
  }

  delete(path: string): void {
    this.objects.delete(entryKey(path));
    this.objects.delete(dataKey(path));
  }

  async #entriesIn(range: IDBKeyRange): Promise<WorkspaceEntry[]> {
    const [keys, records] = await Promise.all([
      promisifyRequest<IDBValidKey[]>(this.objects.getAllKeys(range)),
      promisifyRequest<EntryRecord[]>(this.objects.getAll(range)),
    ]);
    return keys.map((key, index) => {
      const [, parent, name] = key as [string, string, string];
      return toEntry(joinPath(parent, name), records[index]);
    });
  }
}

export class IndexedDbWorkspaceStore implements WorkspaceStore {
  readonly #store: UseStore;

  constructor(databaseName = "berth-workspace") {
    this.#store = createStore(databaseName, "workspace");
  }

  async stat(path: string): Promise<WorkspaceEntry> {
    const target = checkedPath(path);
    return this.#transact("readonly", async (tree) => (await tree.entry(target)) ?? raise(workspaceErrors.notFound("stat", target)));
  }

  async list(path: string): Promise<WorkspaceEntry[]> {
    const target = checkedPath(path);
    return this.#transact("readonly", async (tree) => {
      const entry = (await tree.entry(target)) ?? raise(workspaceErrors.notFound("open", target));
      if (entry.type !== "dir") throw workspaceErrors.notDirectory("open", target);
      return tree.children(target);
    });
  }

  async read(path: string): Promise<Uint8Array> {
    const target = checkedPath(path);
    return this.#transact("readonly", async (tree) => {
      const entry = (await tree.entry(target)) ?? raise(workspaceErrors.notFound("open", target));
      if (entry.type === "dir") throw workspaceErrors.isDirectory("read", target);
      return tree.data(target);
    });
  }

  async write(path: string, data: Uint8Array, options: WorkspaceWriteOptions = {}): Promise<WorkspaceEntry> {
    const target = checkedPath(path);
    return this.#transact("readwrite", async (tree) => {
      const existing = await tree.entry(target);
      if (existing?.type === "dir") throw workspaceErrors.isDirectory("open", target);
      if (!existing) await requireDirectory(tree, "open", target);
      const content = options.append && existing ? concatBytes([await tree.data(target), data]) : data;
      const mode = existing?.mode ?? options.mode ?? 0o644;
      const entry: WorkspaceEntry = { path: target, name: baseName(target), type: "file", size: content.length, mode, mtime: options.mtime ?? Date.now() };
      tree.put(entry, content);
      return entry;
    });
  }

  async makeDirectory(path: string, options: { parents?: boolean } = {}): Promise<WorkspaceEntry> {
    const target = checkedPath(path);
    return this.#transact("readwrite", async (tree) => {
      const steps = options.parents ? pathAncestry(target) : [target];
      if (!options.parents) await requireDirectory(tree, "mkdir", target);
      let made: WorkspaceEntry = rootEntry;
      for (const step of steps) {
        const existing = await tree.entry(step);
        if (existing?.type === "dir" && options.parents) made = existing;
        else if (existing) throw options.parents ? workspaceErrors.notDirectory("mkdir", step) : workspaceErrors.exists("mkdir", step);
        else {
          made = { path: step, name: baseName(step), type: "dir", size: 0, mode: 0o755, mtime: Date.now() };
          tree.put(made);
        }
      }
      return made;
    });
  }

  async remove(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const target = checkedPath(path);
    if (target === "/") throw workspaceErrors.root("remove");
    return this.#transact("readwrite", async (tree) => {
      const entry = (await tree.entry(target)) ?? raise(workspaceErrors.notFound("remove", target));
      const below = entry.type === "dir" ? await tree.descendants(target) : [];
      if (below.length > 0 && !options.recursive) throw workspaceErrors.notEmpty("remove", target);
      for (const inner of below) tree.delete(inner.path);
      tree.delete(target);
    });
  }

  async move(from: string, to: string): Promise<WorkspaceEntry> {
    return this.#transfer("rename", checkedPath(from), checkedPath(to), true);
  }

  async copy(from: string, to: string, options: { recursive?: boolean } = {}): Promise<WorkspaceEntry> {
    return this.#transfer("copy", checkedPath(from), checkedPath(to), options.recursive ?? false);
  }

  async archive(path: string, options?: WorkspaceArchiveOptions): Promise<Uint8Array> {
    return archiveDirectory(this, checkedPath(path), options);
  }

  /** A move (the entries keep their mtimes and leave `from`) or a copy (new mtimes, `from` stays). */
  #transfer(operation: "rename" | "copy", from: string, to: string, recursive: boolean): Promise<WorkspaceEntry> {
    if (from === "/" || to === "/") return Promise.reject(workspaceErrors.root(operation));
    return this.#transact("readwrite", async (tree) => {
      const source = (await tree.entry(from)) ?? raise(workspaceErrors.notFound(operation, from));
      if (source.type === "dir" && !recursive) throw workspaceErrors.isDirectory(operation, from);
      if (source.type === "dir" && isWithin(to, from)) throw workspaceErrors.intoItself(operation, from, to);
      if (from === to) {
        if (operation === "rename") return source;
        throw new EngineError("invalid", `copy ${from} ${to}: the source and the target are the same file`);
      }
      await requireDirectory(tree, operation, to);
      const target = await tree.entry(to);
      if (target && (target.type === "dir" || source.type === "dir")) throw workspaceErrors.exists(operation, to);
      const moving = source.type === "dir" ? [source, ...(await tree.descendants(from))] : [source];
      const now = Date.now();
      let result = source;
      for (const entry of moving) {
        const path = entry.path === from ? to : joinPath(to, relativeTo(entry.path, from));
        const moved = { ...entry, path, name: baseName(path), mtime: operation === "copy" ? now : entry.mtime };
        tree.put(moved, entry.type === "file" ? await tree.data(entry.path) : undefined);
        if (operation === "rename") tree.delete(entry.path);
        if (path === to) result = moved;
      }
      return result;
    });
  }

  #transact<T>(mode: IDBTransactionMode, body: (tree: TreeTransaction) => Promise<T>): Promise<T> {
    return this.#store(mode, async (objects) => {
      let result: T;
      try {
        result = await body(new TreeTransaction(objects));
      } catch (error) {
        try {
          objects.transaction.abort();
        } catch {
          // already finished: the failure came before any write
        }
        throw error;
      }
      if (mode === "readwrite") await promisifyRequest(objects.transaction);
      return result;
    });
  }
}

/** Fails unless the directory that is to hold `path` exists. */
async function requireDirectory(tree: TreeTransaction, operation: WorkspaceOperation, path: string): Promise<void> {
  const parent = await tree.entry(parentPath(path));
  if (!parent) throw workspaceErrors.notFound(operation, path);
  if (parent.type !== "dir") throw workspaceErrors.notDirectory(operation, path);
}
