// The workspace's side of a shared session, through the engine's workspace operations only: the
// small files a link can carry, and putting a link's files back without overwriting anything.

import { isEngineError } from "../api/errors.ts";
import { joinPath, parentPath } from "../api/workspace-paths.ts";
import type { WorkspaceEntry } from "../api/workspace-types.ts";
import { failureReason } from "../shell/command-options.ts";
import type { WorkspaceApi } from "../shell/workspace-file-system.ts";
import { shareFileBudget, type SharedFile } from "./share-payload.ts";

export interface CollectedFiles {
  files: SharedFile[];
  /** Files left out: they would not fit in the budget. */
  skipped: WorkspaceEntry[];
}

/** The workspace's files, smallest first while they fit in `budget` bytes in all; in path order. */
export async function collectSmallFiles(workspace: WorkspaceApi, budget = shareFileBudget): Promise<CollectedFiles> {
  const entries = await filesBelow(workspace, "/");
  entries.sort((a, b) => a.size - b.size || compare(a.path, b.path));
  const taken: WorkspaceEntry[] = [];
  const skipped: WorkspaceEntry[] = [];
  let total = 0;
  for (const entry of entries) {
    if (total + entry.size <= budget) {
      taken.push(entry);
      total += entry.size;
    } else skipped.push(entry);
  }
  taken.sort((a, b) => compare(a.path, b.path));
  const files = await Promise.all(taken.map(async (entry) => ({ path: entry.path, mode: entry.mode & 0o777, data: await workspace.workspaceRead({ path: entry.path }) })));
  return { files, skipped: skipped.sort((a, b) => compare(a.path, b.path)) };
}

async function filesBelow(workspace: WorkspaceApi, directory: string): Promise<WorkspaceEntry[]> {
  const found: WorkspaceEntry[] = [];
  for (const entry of await workspace.workspaceList({ path: directory })) {
    if (entry.type === "file") found.push(entry);
    else if (entry.type === "dir") found.push(...(await filesBelow(workspace, joinPath(directory, entry.name))));
  }
  return found;
}

export interface RestoredFiles {
  restored: string[];
  /** Files not written, and why (one was there already, or its folder could not be made). */
  skipped: { path: string; reason: string }[];
}

/** Writes each file where it came from when nothing is there yet (making its folders). */
export async function restoreFiles(workspace: WorkspaceApi, files: readonly SharedFile[]): Promise<RestoredFiles> {
  const result: RestoredFiles = { restored: [], skipped: [] };
  for (const { path, mode, data } of files) {
    try {
      if (await exists(workspace, path)) {
        result.skipped.push({ path, reason: "it exists already" });
        continue;
      }
      await workspace.workspaceMakeDirectory({ path: parentPath(path), parents: true });
      await workspace.workspaceWrite({ path, body: data, mode });
      result.restored.push(path);
    } catch (error) {
      result.skipped.push({ path, reason: failureReason(error) });
    }
  }
  return result;
}

async function exists(workspace: WorkspaceApi, path: string): Promise<boolean> {
  try {
    await workspace.workspaceStat({ path });
    return true;
  } catch (error) {
    if (isEngineError(error) && error.code === "not-found") return false;
    throw error;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
