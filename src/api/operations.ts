// The Engine API operations berth serves, each declared once with Docker's own operation id, method,
// path and parameter names (../shared/reference/docker-engine-api-v1.50.yaml). The comlink surface
// (EngineApi), the engine's dispatch (worker/engine-dispatch.ts) and the daemon's HTTP routes are all
// derived from this table. A method's name is its operation id in lower camel case.

import type {
  ContainerArchive,
  ContainerConfig,
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerInspectResponse,
  ContainerPathStat,
  ContainerPruneResponse,
  ContainerStatsResponse,
  ContainerSummary,
  ContainerTopResponse,
  ContainerWaitResponse,
  ExecConfig,
  ExecInspectResponse,
  ExecStartConfig,
  FilesystemChange,
} from "./container-types.ts";
import { networkOperations } from "./network-operations.ts";
import { define } from "./operation-spec.ts";
import { portOperations } from "./port-operations.ts";
import { workspaceOperations } from "./workspace-operations.ts";
import type {
  AuthConfig,
  AuthResponse,
  BootProgress,
  BootReport,
  BuildInfo,
  EngineNote,
  EventMessage,
  ImageDeleteResponseItem,
  ImageHistoryItem,
  ImageInspect,
  ImagePruneResponse,
  ImageSummary,
  JsonMessage,
  LogoutResponse,
  PushMessage,
  SystemDataUsage,
  SystemInfo,
  SystemVersion,
} from "./types.ts";

const filters = "filters" as const;

export const operations = {
  /** berth's own: bring the guest up (cold boot or snapshot restore) and load the embedded images. Idempotent. */
  engineStart: define<undefined, BootReport, BootProgress>()({
    operationId: "EngineStart",
    method: "POST",
    path: "/berth/start",
    body: "none",
    response: "json",
    stream: "json",
    status: 200,
    berthOnly: true,
  }),

  /** berth's own: the engine's lines for the user as they come (the page shows them in its terminal). */
  engineNotes: define<undefined, void, EngineNote>()({
    operationId: "EngineNotes",
    method: "GET",
    path: "/berth/notes",
    body: "none",
    response: "json",
    stream: "json",
    status: 200,
    berthOnly: true,
  }),

  /** berth's own, for tests only: panics the guest kernel so that the engine's recovery runs for real. */
  engineGuestPanic: define()({
    operationId: "EngineGuestPanic",
    method: "POST",
    path: "/berth/guest/panic",
    body: "none",
    response: "empty",
    status: 204,
    berthOnly: true,
  }),

  /**
   * berth's own "Reset all data": erases everything the engine keeps (images, layers, containers,
   * networks, logs, logins, the workspace, the VM snapshot). The engine's state in memory is then
   * stale: the caller ends the engine and starts a new one (the page reloads).
   */
  engineReset: define()({
    operationId: "EngineReset",
    method: "POST",
    path: "/berth/reset",
    body: "none",
    response: "empty",
    status: 204,
    berthOnly: true,
  }),

  /** Checks a login against its registry (the real CLI keeps the login itself and sends X-Registry-Auth). */
  systemAuth: define<AuthConfig, AuthResponse>()({ operationId: "SystemAuth", method: "POST", path: "/auth", body: "json", response: "json", status: 200 }),

  /** berth's own `docker login`: checks the login as SystemAuth does, then the engine keeps it for that registry. */
  registryLogin: define<AuthConfig, AuthResponse>()({
    operationId: "RegistryLogin",
    method: "POST",
    path: "/berth/login",
    body: "json",
    response: "json",
    status: 200,
    berthOnly: true,
  }),

  /** berth's own `docker logout`: the engine forgets its login for the registry `serveraddress`. */
  registryLogout: define<AuthConfig, LogoutResponse>()({
    operationId: "RegistryLogout",
    method: "POST",
    path: "/berth/logout",
    body: "json",
    response: "json",
    status: 200,
    berthOnly: true,
  }),

  systemPing: define<undefined, "OK">()({ operationId: "SystemPing", method: "GET", path: "/_ping", body: "none", response: "json", status: 200 }),
  systemVersion: define<undefined, SystemVersion>()({ operationId: "SystemVersion", method: "GET", path: "/version", body: "none", response: "json", status: 200 }),
  systemInfo: define<undefined, SystemInfo>()({ operationId: "SystemInfo", method: "GET", path: "/info", body: "none", response: "json", status: 200 }),
  systemDataUsage: define<undefined, SystemDataUsage>()({
    operationId: "SystemDataUsage",
    method: "GET",
    path: "/system/df",
    body: "none",
    response: "json",
    status: 200,
  }),

  /**
   * Docker's events as they happen, with `filters`; `since` first replays the ones the engine still
   * holds, and `until` ends the stream at that time.
   */
  systemEvents: define<undefined, void, EventMessage>()({
    operationId: "SystemEvents",
    method: "GET",
    path: "/events",
    query: { since: "string", until: "string", filters },
    body: "none",
    response: "json",
    stream: "json",
    status: 200,
  }),

  containerList: define<undefined, ContainerSummary[]>()({
    operationId: "ContainerList",
    method: "GET",
    path: "/containers/json",
    query: { all: "boolean", limit: "integer", size: "boolean", filters },
    body: "none",
    response: "json",
    status: 200,
  }),
  containerCreate: define<ContainerCreateRequest, ContainerCreateResponse>()({
    operationId: "ContainerCreate",
    method: "POST",
    path: "/containers/create",
    query: { name: "string", platform: "string" },
    body: "json",
    response: "json",
    status: 201,
  }),
  containerInspect: define<undefined, ContainerInspectResponse>()({
    operationId: "ContainerInspect",
    method: "GET",
    path: "/containers/{id}/json",
    query: { size: "boolean" },
    body: "none",
    response: "json",
    status: 200,
  }),
  containerTop: define<undefined, ContainerTopResponse>()({
    operationId: "ContainerTop",
    method: "GET",
    path: "/containers/{id}/top",
    query: { ps_args: "string" },
    body: "none",
    response: "json",
    status: 200,
  }),
  containerLogs: define()({
    operationId: "ContainerLogs",
    method: "GET",
    path: "/containers/{id}/logs",
    query: { follow: "boolean", stdout: "boolean", stderr: "boolean", since: "string", until: "string", timestamps: "boolean", tail: "string" },
    body: "none",
    response: "bytes",
    stream: "output",
    status: 200,
  }),
  containerStats: define<undefined, void, ContainerStatsResponse>()({
    operationId: "ContainerStats",
    method: "GET",
    path: "/containers/{id}/stats",
    query: { stream: "boolean", "one-shot": "boolean" },
    body: "none",
    response: "json",
    stream: "json",
    status: 200,
  }),
  containerResize: define()({
    operationId: "ContainerResize",
    method: "POST",
    path: "/containers/{id}/resize",
    query: { h: "integer", w: "integer" },
    body: "none",
    response: "empty",
    status: 200,
  }),
  containerStart: define()({
    operationId: "ContainerStart",
    method: "POST",
    path: "/containers/{id}/start",
    query: { detachKeys: "string" },
    body: "none",
    response: "empty",
    status: 204,
  }),
  containerStop: define()({
    operationId: "ContainerStop",
    method: "POST",
    path: "/containers/{id}/stop",
    query: { signal: "string", t: "integer" },
    body: "none",
    response: "empty",
    status: 204,
  }),
  containerRestart: define()({
    operationId: "ContainerRestart",
    method: "POST",
    path: "/containers/{id}/restart",
    query: { signal: "string", t: "integer" },
    body: "none",
    response: "empty",
    status: 204,
  }),
  containerKill: define()({
    operationId: "ContainerKill",
    method: "POST",
    path: "/containers/{id}/kill",
    query: { signal: "string" },
    body: "none",
    response: "empty",
    status: 204,
  }),
  containerRename: define()({
    operationId: "ContainerRename",
    method: "POST",
    path: "/containers/{id}/rename",
    query: { name: "string" },
    body: "none",
    response: "empty",
    status: 204,
  }),
  containerPause: define()({ operationId: "ContainerPause", method: "POST", path: "/containers/{id}/pause", body: "none", response: "empty", status: 204 }),
  containerUnpause: define()({
    operationId: "ContainerUnpause",
    method: "POST",
    path: "/containers/{id}/unpause",
    body: "none",
    response: "empty",
    status: 204,
  }),
  containerAttach: define()({
    operationId: "ContainerAttach",
    method: "POST",
    path: "/containers/{id}/attach",
    query: { detachKeys: "string", logs: "boolean", stream: "boolean", stdin: "boolean", stdout: "boolean", stderr: "boolean" },
    body: "none",
    response: "bytes",
    stream: "stdio",
    status: 200,
  }),
  containerWait: define<undefined, ContainerWaitResponse>()({
    operationId: "ContainerWait",
    method: "POST",
    path: "/containers/{id}/wait",
    query: { condition: "string" },
    body: "none",
    response: "json",
    status: 200,
  }),
  containerDelete: define()({
    operationId: "ContainerDelete",
    method: "DELETE",
    path: "/containers/{id}",
    query: { v: "boolean", force: "boolean", link: "boolean" },
    body: "none",
    response: "empty",
    status: 204,
  }),
  containerArchiveInfo: define<undefined, ContainerPathStat>()({
    operationId: "ContainerArchiveInfo",
    method: "HEAD",
    path: "/containers/{id}/archive",
    query: { path: "string" },
    body: "none",
    response: "empty",
    status: 200,
  }),
  containerArchive: define<undefined, ContainerArchive>()({
    operationId: "ContainerArchive",
    method: "GET",
    path: "/containers/{id}/archive",
    query: { path: "string" },
    body: "none",
    response: "bytes",
    status: 200,
  }),
  putContainerArchive: define<Uint8Array>()({
    operationId: "PutContainerArchive",
    method: "PUT",
    path: "/containers/{id}/archive",
    query: { path: "string", noOverwriteDirNonDir: "string", copyUIDGID: "string" },
    body: "bytes",
    response: "empty",
    status: 200,
  }),
  containerChanges: define<undefined, FilesystemChange[]>()({
    operationId: "ContainerChanges",
    method: "GET",
    path: "/containers/{id}/changes",
    body: "none",
    response: "json",
    status: 200,
  }),
  containerExport: define<undefined, Uint8Array>()({
    operationId: "ContainerExport",
    method: "GET",
    path: "/containers/{id}/export",
    body: "none",
    response: "bytes",
    status: 200,
  }),
  /** `docker commit`: the container's changes as a new image; the body's config fields replace the container's. */
  imageCommit: define<ContainerConfig, { Id: string }>()({
    operationId: "ImageCommit",
    method: "POST",
    path: "/commit",
    query: { container: "string", repo: "string", tag: "string", comment: "string", author: "string", pause: "boolean", changes: "strings" },
    body: "json",
    response: "json",
    status: 201,
  }),
  containerPrune: define<undefined, ContainerPruneResponse>()({
    operationId: "ContainerPrune",
    method: "POST",
    path: "/containers/prune",
    query: { filters },
    body: "none",
    response: "json",
    status: 200,
  }),

  containerExec: define<ExecConfig, { Id: string }>()({
    operationId: "ContainerExec",
    method: "POST",
    path: "/containers/{id}/exec",
    body: "json",
    response: "json",
    status: 201,
  }),
  execStart: define<ExecStartConfig>()({
    operationId: "ExecStart",
    method: "POST",
    path: "/exec/{id}/start",
    body: "json",
    response: "bytes",
    stream: "stdio",
    status: 200,
    webSocketBody: { Detach: "boolean", Tty: "boolean" },
  }),
  execResize: define()({
    operationId: "ExecResize",
    method: "POST",
    path: "/exec/{id}/resize",
    query: { h: "integer", w: "integer" },
    body: "none",
    response: "empty",
    status: 201,
  }),
  execInspect: define<undefined, ExecInspectResponse>()({
    operationId: "ExecInspect",
    method: "GET",
    path: "/exec/{id}/json",
    body: "none",
    response: "json",
    status: 200,
  }),

  imageList: define<undefined, ImageSummary[]>()({
    operationId: "ImageList",
    method: "GET",
    path: "/images/json",
    query: { all: "boolean", filters },
    body: "none",
    response: "json",
    status: 200,
  }),
  /**
   * Pulls `fromImage` (a reference as typed; `tag` is appended when given) for linux/386; or, with
   * `fromSrc=-`, imports the body (a filesystem tar) as a one-layer image named `repo` (`tag`
   * overrides its tag), with `message` as its history comment and `changes` (Dockerfile
   * instructions) applied to its config. An import's stream ends with the image id as a status.
   */
  imageCreate: define<Uint8Array | undefined, void, JsonMessage>()({
    operationId: "ImageCreate",
    method: "POST",
    path: "/images/create",
    query: { fromImage: "string", fromSrc: "string", repo: "string", tag: "string", message: "string", changes: "strings", platform: "string" },
    headers: { registryAuth: "X-Registry-Auth" },
    body: "bytes",
    response: "json",
    stream: "json",
    status: 200,
  }),
  /** `docker save` of one image: Docker's archive (an OCI layout with manifest.json), see ImageGetAll. */
  imageGet: define<undefined, Uint8Array>()({
    operationId: "ImageGet",
    method: "GET",
    path: "/images/{name}/get",
    body: "none",
    response: "bytes",
    status: 200,
  }),
  /** `docker save` of the images `names` select (a repository without tag: all its tags) as one archive. */
  imageGetAll: define<undefined, Uint8Array>()({
    operationId: "ImageGetAll",
    method: "GET",
    path: "/images/get",
    query: { names: "strings" },
    body: "none",
    response: "bytes",
    status: 200,
  }),
  /**
   * `docker load`: the body is an archive of `docker save` (any version) or an OCI image layout,
   * plain, gzip or zstd. All its images are stored, or none; the stream says "Loaded image: …"
   * (per-layer progress first unless `quiet`).
   */
  imageLoad: define<Uint8Array, void, JsonMessage>()({
    operationId: "ImageLoad",
    method: "POST",
    path: "/images/load",
    query: { quiet: "boolean" },
    body: "bytes",
    response: "json",
    stream: "json",
    status: 200,
  }),
  /** Pushes `name` with `tag` (every tag of the repository when absent) to its registry. */
  imagePush: define<undefined, void, PushMessage>()({
    operationId: "ImagePush",
    method: "POST",
    path: "/images/{name}/push",
    query: { tag: "string", platform: "string" },
    headers: { registryAuth: "X-Registry-Auth" },
    body: "none",
    response: "json",
    stream: "json",
    status: 200,
  }),
  imageInspect: define<undefined, ImageInspect>()({
    operationId: "ImageInspect",
    method: "GET",
    path: "/images/{name}/json",
    body: "none",
    response: "json",
    status: 200,
  }),
  imageHistory: define<undefined, ImageHistoryItem[]>()({
    operationId: "ImageHistory",
    method: "GET",
    path: "/images/{name}/history",
    body: "none",
    response: "json",
    status: 200,
  }),
  /** Tags image `name` as `repo[:tag]` (default tag "latest"). */
  imageTag: define()({
    operationId: "ImageTag",
    method: "POST",
    path: "/images/{name}/tag",
    query: { repo: "string", tag: "string" },
    body: "none",
    response: "empty",
    status: 201,
  }),
  /** Removes a tag, or the image when it is the last tag or named by id; in use → conflict unless `force`. */
  imageDelete: define<undefined, ImageDeleteResponseItem[]>()({
    operationId: "ImageDelete",
    method: "DELETE",
    path: "/images/{name}",
    query: { force: "boolean", noprune: "boolean" },
    body: "none",
    response: "json",
    status: 200,
  }),
  /** Removes dangling images, or (filter dangling=false) every image no container uses. */
  imagePrune: define<undefined, ImagePruneResponse>()({
    operationId: "ImagePrune",
    method: "POST",
    path: "/images/prune",
    query: { filters },
    body: "none",
    response: "json",
    status: 200,
  }),

  /**
   * The classic builder: `body` is the build context (a tar, gzip allowed) holding `dockerfile`;
   * the stream carries Docker's build messages (Step…, ---> id, the aux image id). `buildargs` and
   * `labels` are JSON objects of strings.
   */
  imageBuild: define<Uint8Array, void, BuildInfo>()({
    operationId: "ImageBuild",
    method: "POST",
    path: "/build",
    query: {
      dockerfile: "string",
      t: "strings",
      q: "boolean",
      nocache: "boolean",
      pull: "string",
      rm: "boolean",
      forcerm: "boolean",
      buildargs: "string",
      labels: "string",
      target: "string",
    },
    body: "bytes",
    response: "json",
    stream: "json",
    status: 200,
  }),

  ...networkOperations,
  ...workspaceOperations,
  ...portOperations,
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
