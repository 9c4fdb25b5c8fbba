// The one method map between client and daemon. The worker implements EngineApi; the page talks
// to it through comlink (Remote<EngineApi>); the Node host maps Docker Engine API routes onto it.
// Every method takes plain, structured-clonable data. Callbacks (sinks) are separate arguments so
// comlink can proxy them.

import type {
  BootProgress,
  BootReport,
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerSummary,
  ContainerWaitResponse,
  ImageDeleteResponseItem,
  ImageHistoryItem,
  ImageInspect,
  ImagePruneResponse,
  ImageSummary,
  JsonMessage,
  SystemDataUsage,
  SystemInfo,
  SystemVersion,
} from "./types.ts";

/** 1 = stdout, 2 = stderr (as in Docker's multiplexed attach stream). A TTY's output is stream 1. */
export type OutputStream = 1 | 2;

export interface OutputSink {
  write(stream: OutputStream, data: Uint8Array): void;
}

export interface ProgressSink {
  report(progress: BootProgress): void;
}

/** Receives an image pull's progress messages in order. */
export interface PullProgressSink {
  report(message: JsonMessage): void;
}

export interface AttachParams {
  id: string;
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface EngineApi {
  /** Bring the guest up (cold boot or snapshot restore) and load the embedded images. Idempotent. */
  start(progress?: ProgressSink): Promise<BootReport>;
  ping(): Promise<"OK">;
  version(): Promise<SystemVersion>;
  info(): Promise<SystemInfo>;

  containerCreate(params: { name?: string; body: ContainerCreateRequest }): Promise<ContainerCreateResponse>;
  /** Streams the container's output into sink until it exits; resolves once attached. */
  containerAttach(params: AttachParams, sink: OutputSink): Promise<void>;
  containerStart(params: { id: string }): Promise<void>;
  containerWait(params: { id: string }): Promise<ContainerWaitResponse>;
  containerWriteStdin(params: { id: string; data: Uint8Array }): Promise<void>;
  containerCloseStdin(params: { id: string }): Promise<void>;
  containerResize(params: { id: string; h: number; w: number }): Promise<void>;
  containerKill(params: { id: string; signal?: string }): Promise<void>;
  containerDelete(params: { id: string; force?: boolean }): Promise<void>;
  containerList(params: { all?: boolean }): Promise<ContainerSummary[]>;

  imageList(): Promise<ImageSummary[]>;
  /**
   * Pulls `fromImage` (a reference as typed: "debian", "127.0.0.1:5000/team/tool:1", "x@sha256:…";
   * `tag` is appended when given) for linux/386. Resolves once the image is stored; failures throw
   * EngineErrors with Docker's messages. An up-to-date image reports "Status: Image is up to date".
   */
  imagePull(params: { fromImage: string; tag?: string; platform?: string }, progress: PullProgressSink): Promise<void>;
  imageInspect(params: { name: string }): Promise<ImageInspect>;
  imageHistory(params: { name: string }): Promise<ImageHistoryItem[]>;
  /** Tags image `name` as `repo[:tag]` (default tag "latest"). */
  imageTag(params: { name: string; repo: string; tag?: string }): Promise<void>;
  /**
   * Removes a tag, or the image when it is the last tag or named by id. An image a container uses
   * is refused (conflict) unless `force`. Layers another image shares are kept.
   */
  imageDelete(params: { name: string; force?: boolean }): Promise<ImageDeleteResponseItem[]>;
  /** Removes dangling images, or every image no container uses when `all`. */
  imagePrune(params: { all?: boolean }): Promise<ImagePruneResponse>;
  systemDataUsage(): Promise<SystemDataUsage>;
}

export type EngineMethodName = keyof EngineApi;
