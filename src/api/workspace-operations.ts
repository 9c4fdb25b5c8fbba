// berth's own operations on the workspace (the host's files in the page: worker/workspace/), part of
// the operation table (operations.ts). Not served over HTTP: under `berth daemon` the host's files
// are the real filesystem, which the docker CLI reads itself. Paths travel as query parameters.

import { define } from "./operation-spec.ts";
import type { WorkspaceEntry } from "./workspace-types.ts";

const path = "string" as const;

export const workspaceOperations = {
  /** The entry at `path`. */
  workspaceStat: define<undefined, WorkspaceEntry>()({
    operationId: "WorkspaceStat",
    method: "GET",
    path: "/berth/workspace/stat",
    query: { path },
    body: "none",
    response: "json",
    status: 200,
    berthOnly: true,
  }),
  /** A directory's entries in name order. */
  workspaceList: define<undefined, WorkspaceEntry[]>()({
    operationId: "WorkspaceList",
    method: "GET",
    path: "/berth/workspace/list",
    query: { path },
    body: "none",
    response: "json",
    status: 200,
    berthOnly: true,
  }),
  /** A file's content. */
  workspaceRead: define<undefined, Uint8Array>()({
    operationId: "WorkspaceRead",
    method: "GET",
    path: "/berth/workspace/file",
    query: { path },
    body: "none",
    response: "bytes",
    status: 200,
    berthOnly: true,
  }),
  /** Creates, replaces or (`append`) extends a file in an existing directory; `mtime` in milliseconds. */
  workspaceWrite: define<Uint8Array, WorkspaceEntry>()({
    operationId: "WorkspaceWrite",
    method: "PUT",
    path: "/berth/workspace/file",
    query: { path, append: "boolean", mode: "integer", mtime: "integer" },
    body: "bytes",
    response: "json",
    status: 200,
    berthOnly: true,
  }),
  /** Makes a directory; `parents` as `mkdir -p`. */
  workspaceMakeDirectory: define<undefined, WorkspaceEntry>()({
    operationId: "WorkspaceMakeDirectory",
    method: "POST",
    path: "/berth/workspace/directory",
    query: { path, parents: "boolean" },
    body: "none",
    response: "json",
    status: 201,
    berthOnly: true,
  }),
  /** Removes a file or an empty directory; `recursive`, a directory with all it holds. */
  workspaceRemove: define()({
    operationId: "WorkspaceRemove",
    method: "DELETE",
    path: "/berth/workspace/entry",
    query: { path, recursive: "boolean" },
    body: "none",
    response: "empty",
    status: 204,
    berthOnly: true,
  }),
  /** Renames `from` to `to`. */
  workspaceMove: define<undefined, WorkspaceEntry>()({
    operationId: "WorkspaceMove",
    method: "POST",
    path: "/berth/workspace/move",
    query: { from: path, to: path },
    body: "none",
    response: "json",
    status: 200,
    berthOnly: true,
  }),
  /** Copies `from` to `to`; a directory only with `recursive`. */
  workspaceCopy: define<undefined, WorkspaceEntry>()({
    operationId: "WorkspaceCopy",
    method: "POST",
    path: "/berth/workspace/copy",
    query: { from: path, to: path, recursive: "boolean" },
    body: "none",
    response: "json",
    status: 200,
    berthOnly: true,
  }),
  /** A tar of a directory's contents (a build context); refused beyond `maxBytes` of files. */
  workspaceArchive: define<undefined, Uint8Array>()({
    operationId: "WorkspaceArchive",
    method: "GET",
    path: "/berth/workspace/archive",
    query: { path, maxBytes: "integer" },
    body: "none",
    response: "bytes",
    status: 200,
    berthOnly: true,
  }),
};

export type WorkspaceOperationName = keyof typeof workspaceOperations;
