// The workspace operations (berth's own), mapped onto the workspace store. They need no guest, so
// they answer before the engine has started.

import type { EngineApi } from "../../src/api/engine-api.ts";
import type { WorkspaceOperationName } from "../../src/api/workspace-operations.ts";
import type { WorkspaceStore } from "../workspace/workspace-store.ts";

export function workspaceHandlers(store: WorkspaceStore): Pick<EngineApi, WorkspaceOperationName> {
  return {
    workspaceStat: ({ path }) => store.stat(path ?? ""),
    workspaceList: ({ path }) => store.list(path ?? ""),
    workspaceRead: ({ path }) => store.read(path ?? ""),
    workspaceWrite: ({ path, body, append, mode, mtime }) => store.write(path ?? "", body, { append, mode, mtime }),
    workspaceMakeDirectory: ({ path, parents }) => store.makeDirectory(path ?? "", { parents }),
    workspaceRemove: ({ path, recursive }) => store.remove(path ?? "", { recursive }),
    workspaceMove: ({ from, to }) => store.move(from ?? "", to ?? ""),
    workspaceCopy: ({ from, to, recursive }) => store.copy(from ?? "", to ?? "", { recursive }),
    workspaceArchive: ({ path, maxBytes }) => store.archive(path ?? "", { maxBytes }),
  };
}
