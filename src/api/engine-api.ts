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
  ImageSummary,
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
}

export type EngineMethodName = keyof EngineApi;
