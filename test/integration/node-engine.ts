// The engine under Node for integration tests: the real guest (public/guest) in v86, the embedded
// images from public/, and the filesystem backends of every store under one state directory, so
// a second engine on the same directory is a daemon restart (a page reload in the browser).

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineApi, OutputSink, OutputStream } from "../../src/api/engine-api.ts";
import type { ContainerCreateRequest } from "../../src/api/container-types.ts";
import { NodeFsContentStore } from "../../worker/content/node-fs-content-store.ts";
import { NodeFsDiskChunkStore } from "../../worker/disks/node-fs-disk-chunk-store.ts";
import { nodeStorageBudget } from "../../worker/node-storage-budget.ts";
import type { ContainerRecord } from "../../worker/containers/container-record.ts";
import type { CredentialRecord } from "../../worker/remotes/credential-store.ts";
import { createEngine } from "../../worker/engine.ts";
import { nodeFileReader } from "../../worker/images/node-file-reader.ts";
import type { ImageRecord } from "../../worker/images/image-store.ts";
import type { NetworkRecord } from "../../worker/networks/network-record.ts";
import { NodeFsContainerLogStore } from "../../worker/logs/node-fs-log-store.ts";
import { NodeFsRecordStore } from "../../worker/metadata/node-fs-record-store.ts";
import { MemorySnapshotStore } from "../../worker/snapshots/snapshot-store.ts";
import { loadNodeV86Runtime } from "../../worker/vm/node-v86.ts";
import { NodeFsWorkspaceStore } from "../../worker/workspace/node-fs-workspace-store.ts";

const publicDirectory = fileURLToPath(new URL("../../public/", import.meta.url));

/** `layerDisksDirectory`: where containers' disks go (by default `disks/` in the state directory). */
export function nodeTestEngine(stateDirectory: string, options: { layerDisksDirectory?: string } = {}): EngineApi {
  return createEngine({
    readSiteFile: nodeFileReader(publicDirectory),
    loadV86Runtime: loadNodeV86Runtime,
    snapshots: new MemorySnapshotStore(),
    content: new NodeFsContentStore(join(stateDirectory, "content")),
    imageMetadata: new NodeFsRecordStore<ImageRecord>(join(stateDirectory, "images")),
    containerMetadata: new NodeFsRecordStore<ContainerRecord>(join(stateDirectory, "containers")),
    networkMetadata: new NodeFsRecordStore<NetworkRecord>(join(stateDirectory, "networks")),
    logins: new NodeFsRecordStore<CredentialRecord>(join(stateDirectory, "logins")),
    logs: new NodeFsContainerLogStore(join(stateDirectory, "logs")),
    layerDisks: new NodeFsDiskChunkStore(options.layerDisksDirectory ?? join(stateDirectory, "disks")),
    storage: nodeStorageBudget(stateDirectory),
    workspace: new NodeFsWorkspaceStore(join(stateDirectory, "workspace")),
    registryEndpoint: (domain) => `http://${domain}`,
    testHooks: true,
  });
}

/** Collects a stream's output as text per stream. */
export class CollectedOutput implements OutputSink {
  readonly chunks: [OutputStream, Uint8Array][] = [];

  write(stream: OutputStream, data: Uint8Array): void {
    this.chunks.push([stream, data.slice()]);
  }

  text(stream?: OutputStream): string {
    const decoder = new TextDecoder();
    return this.chunks
      .filter(([which]) => stream === undefined || which === stream)
      .map(([, data]) => decoder.decode(data))
      .join("");
  }
}

export interface RunResult {
  id: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** `docker run` without a TTY: create, attach, start, wait; the container stays unless `AutoRemove`. */
export async function runToExit(engine: EngineApi, request: ContainerCreateRequest, name?: string): Promise<RunResult> {
  const { Id: id } = await engine.containerCreate({ name, body: request });
  const output = new CollectedOutput();
  const connection = await engine.containerAttach({ id, stdout: true, stderr: true, stream: true }, output);
  const exit = engine.containerWait({ id, condition: request.HostConfig?.AutoRemove ? "removed" : "next-exit" });
  await engine.containerStart({ id });
  const { StatusCode } = await exit;
  await connection.done();
  return { id, exitCode: StatusCode, stdout: output.text(1), stderr: output.text(2) };
}

/** `docker exec` without a TTY: its output and exit code. */
export async function execToExit(engine: EngineApi, id: string, cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const { Id: execId } = await engine.containerExec({ id, body: { Cmd: cmd, AttachStdout: true, AttachStderr: true } });
  const output = new CollectedOutput();
  const connection = await engine.execStart({ id: execId, body: {} }, output);
  await connection.done();
  const inspect = await engine.execInspect({ id: execId });
  return { exitCode: inspect.ExitCode ?? -1, stdout: output.text(1), stderr: output.text(2) };
}

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
