// A workspace directory as a tar, the way Docker's client packs a build context: paths relative
// to the directory, each directory before what it holds, with modes and mtimes, in name order.

import type { WorkspaceArchiveOptions } from "../../src/api/workspace-types.ts";
import { relativeTo } from "../../src/api/workspace-paths.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { workspaceErrors } from "./workspace-errors.ts";
import type { WorkspaceStore } from "./workspace-store.ts";

export async function archiveDirectory(
  store: Pick<WorkspaceStore, "stat" | "list" | "read">,
  directory: string,
  options: WorkspaceArchiveOptions = {},
): Promise<Uint8Array> {
  const top = await store.stat(directory);
  if (top.type !== "dir") throw workspaceErrors.notDirectory("archive", top.path);
  const entries: TarWriterEntry[] = [];
  let totalBytes = 0;
  const visit = async (path: string): Promise<void> => {
    for (const entry of await store.list(path)) {
      const common = { path: relativeTo(entry.path, top.path), mode: entry.mode, mtime: Math.floor(entry.mtime / 1000) };
      if (entry.type === "dir") {
        entries.push({ ...common, type: "dir" });
        await visit(entry.path);
      } else if (entry.type === "symlink") {
        entries.push({ ...common, type: "symlink", linkTarget: entry.linkTarget ?? "" });
      } else {
        totalBytes += entry.size;
        if (options.maxBytes !== undefined && totalBytes > options.maxBytes) throw workspaceErrors.tooLarge(top.path, options.maxBytes);
        entries.push({ ...common, type: "file", data: await store.read(entry.path) });
      }
    }
  };
  await visit(top.path);
  return writeTar(entries);
}
