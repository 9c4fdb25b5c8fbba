// The workspace as the page's commands see it: the engine's workspace operations from a current
// directory. The host shell changes that directory; docker verbs get this object as ctx.hostFs.

import type { EngineApi } from "../api/engine-api.ts";
import { isEngineError } from "../api/errors.ts";
import { normalizeWorkspacePath, workspaceRoot } from "../api/workspace-paths.ts";
import type { WorkspaceOperationName } from "../api/workspace-operations.ts";
import type { WorkspaceArchiveOptions, WorkspaceEntry, WorkspaceWriteOptions } from "../api/workspace-types.ts";
import type { HostFileSystem } from "../cli/context.ts";

export type WorkspaceApi = Pick<EngineApi, WorkspaceOperationName>;

/** The home directory: the workspace's root, shown as `~`. */
export const homeDirectory = workspaceRoot;

export class WorkspaceFileSystem implements HostFileSystem {
  #cwd = homeDirectory;

  constructor(private readonly api: WorkspaceApi) {}

  get cwd(): string {
    return this.#cwd;
  }

  resolve(path: string): string {
    const expanded = path === "~" || path.startsWith("~/") ? `${homeDirectory}/${path.slice(1)}` : path;
    return normalizeWorkspacePath(expanded, this.#cwd);
  }

  /** Makes `path` the current directory; fails as stat and list do when it is missing or no directory. */
  async changeDirectory(path: string): Promise<void> {
    const target = this.resolve(path);
    await this.api.workspaceList({ path: target });
    this.#cwd = target;
  }

  async stat(path: string): Promise<WorkspaceEntry | undefined> {
    try {
      return await this.api.workspaceStat({ path: this.resolve(path) });
    } catch (error) {
      if (isEngineError(error) && error.code === "not-found") return undefined;
      throw error;
    }
  }

  list(path: string): Promise<WorkspaceEntry[]> {
    return this.api.workspaceList({ path: this.resolve(path) });
  }

  read(path: string): Promise<Uint8Array> {
    return this.api.workspaceRead({ path: this.resolve(path) });
  }

  write(path: string, data: Uint8Array, options: WorkspaceWriteOptions = {}): Promise<WorkspaceEntry> {
    return this.api.workspaceWrite({ path: this.resolve(path), body: data, ...options });
  }

  makeDirectory(path: string, parents = false): Promise<WorkspaceEntry> {
    return this.api.workspaceMakeDirectory({ path: this.resolve(path), parents });
  }

  remove(path: string, recursive = false): Promise<void> {
    return this.api.workspaceRemove({ path: this.resolve(path), recursive });
  }

  move(from: string, to: string): Promise<WorkspaceEntry> {
    return this.api.workspaceMove({ from: this.resolve(from), to: this.resolve(to) });
  }

  copy(from: string, to: string, recursive = false): Promise<WorkspaceEntry> {
    return this.api.workspaceCopy({ from: this.resolve(from), to: this.resolve(to), recursive });
  }

  archive(directory: string, options: WorkspaceArchiveOptions = {}): Promise<Uint8Array> {
    return this.api.workspaceArchive({ path: this.resolve(directory), ...options });
  }
}

/** How the prompt shows a directory: `~` for home, `~/app` below it. */
export function displayPath(path: string): string {
  return path === homeDirectory ? "~" : `~${path}`;
}
