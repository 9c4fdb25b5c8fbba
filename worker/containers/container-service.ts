// Container operations of the Engine API: records in the ContainerStore, processes ("tasks") in
// the guest through the agent, output fanned out by an OutputHub per container.

import type { AttachParams, OutputSink } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { ContainerCreateRequest, ContainerCreateResponse, ContainerSummary, ContainerWaitResponse } from "../../src/api/types.ts";
import type { GuestImageCache } from "../images/guest-image-cache.ts";
import type { ImageStore } from "../images/image-store.ts";
import type { AgentClient } from "../vm/agent-client.ts";
import type { GuestFiles } from "../vm/guest-files.ts";
import { generateContainerName, isValidContainerName } from "./container-names.ts";
import { ContainerStore, type ContainerRecord } from "./container-store.ts";
import { toContainerSummary } from "./container-summary.ts";
import { OutputHub } from "./output-hub.ts";
import { buildRuntimeSpec, type RuntimeSpec } from "./runtime-spec.ts";
import { parseSignal } from "./signals.ts";

export interface GuestSession {
  agent: AgentClient;
  files: GuestFiles;
}

/** What the engine keeps beside a record while the container exists. */
interface ContainerRuntime {
  spec: RuntimeSpec;
  output: OutputHub;
  /** Settles once the container is recorded as exited. */
  exited: Promise<number>;
  markExited(code: number): void;
  /** The agent's EXIT for the current task; it may arrive before START's result. */
  taskExit?: Promise<number>;
  reportTaskExit?: (code: number) => void;
  handle?: number;
  session?: GuestSession;
  detachOutput?: () => void;
}

/** How long an exited container's output may trail its exit event. */
const outputDrainMs = 2000;
const rememberedExitCodes = 64;
/** Reported for containers whose guest crashed under them. */
const guestLostExitCode = 255;

export class ContainerService {
  readonly #records = new ContainerStore();
  readonly #runtimes = new Map<string, ContainerRuntime>();
  /** Exit codes of auto-removed containers, so a wait that arrives late still gets one. */
  readonly #removedExitCodes = new Map<string, number>();
  #nextHandle = 1;

  constructor(
    private readonly images: ImageStore,
    private readonly guestImages: GuestImageCache,
    private readonly guest: () => Promise<GuestSession>,
  ) {}

  get records(): ContainerStore {
    return this.#records;
  }

  async create(name: string | undefined, request: ContainerCreateRequest): Promise<ContainerCreateResponse> {
    if (!request.Image) throw new EngineError("invalid", "config cannot be empty in order to create a container");
    if (name !== undefined && name !== "" && !isValidContainerName(name)) {
      throw new EngineError("invalid", `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    const image = this.images.resolve(request.Image);
    const rootfs = await this.guestImages.tree(image);
    const id = randomContainerId();
    const spec = buildRuntimeSpec(image.config, request, { id, hostname: request.Hostname || id.slice(0, 12), rootfs });
    const record: ContainerRecord = {
      id,
      name: name ? name.replace(/^\//, "") : generateContainerName((candidate) => this.#nameTaken(candidate)),
      createdAt: Date.now(),
      imageRef: request.Image,
      imageId: image.id,
      request,
      args: spec.process.args,
      state: "created",
    };
    this.#records.add(record);
    this.#runtimes.set(id, newRuntime(spec));
    return { Id: id, Warnings: [] };
  }

  attach(params: AttachParams, sink: OutputSink): void {
    const record = this.#records.resolve(params.id);
    const runtime = this.#runtime(record);
    const wanted = { stdout: params.stdout ?? true, stderr: params.stderr ?? true };
    runtime.output.attach({
      write: (stream, data) => {
        if ((stream === 1 && wanted.stdout) || (stream === 2 && wanted.stderr)) return sink.write(stream, data);
      },
    });
  }

  async start(idOrName: string): Promise<void> {
    const record = this.#records.resolve(idOrName);
    if (record.state === "running") return;
    if (record.state === "exited") this.#runtimes.set(record.id, newRuntime(this.#runtime(record).spec));
    const runtime = this.#runtime(record);
    const session = await this.guest();
    const image = this.images.get(record.imageId);
    if (!image) throw new EngineError("not-found", `No such image: ${record.imageId}`);
    const rootfs = await this.guestImages.ensureInGuest(image, session.files);
    const handle = this.#nextHandle++;
    runtime.handle = handle;
    runtime.session = session;
    runtime.taskExit = new Promise((resolve) => (runtime.reportTaskExit = resolve));
    runtime.detachOutput = session.agent.attachOutput(handle, runtime.output);
    try {
      await session.agent.create({ id: record.id, rootfs, configJson: JSON.stringify(runtime.spec) });
      await session.agent.start({
        id: record.id,
        handle,
        tty: Boolean(record.request.Tty),
        stdinOpen: Boolean(record.request.OpenStdin),
      });
    } catch (error) {
      runtime.detachOutput();
      await session.agent.delete(record.id).catch(() => undefined);
      if (record.request.HostConfig?.AutoRemove) this.#remove(record);
      throw new EngineError("system", `failed to create task for container: OCI runtime create failed: ${errorMessage(error)}: unknown`);
    }
    record.state = "running";
    record.startedAt = Date.now();
    record.exitCode = undefined;
    void runtime.taskExit.then((code) => this.#onTaskExited(record, runtime, session, code));
  }

  /** Called for the agent's EXIT event. */
  onTaskExit(containerId: string, code: number): void {
    this.#runtimes.get(containerId)?.reportTaskExit?.(code);
  }

  /** Every task dies with the guest. */
  onGuestLost(): void {
    for (const runtime of this.#runtimes.values()) runtime.reportTaskExit?.(guestLostExitCode);
  }

  async #onTaskExited(record: ContainerRecord, runtime: ContainerRuntime, session: GuestSession, code: number): Promise<void> {
    await Promise.race([runtime.output.closed, delay(outputDrainMs)]);
    this.#finish(record, runtime, code);
    await session.agent.delete(record.id).catch(() => undefined);
  }

  async wait(idOrName: string): Promise<ContainerWaitResponse> {
    const remembered = this.#removedExitCodes.get(idOrName);
    if (remembered !== undefined) return { StatusCode: remembered };
    const record = this.#records.resolve(idOrName);
    if (record.state === "exited") return { StatusCode: record.exitCode ?? 0 };
    return { StatusCode: await this.#runtime(record).exited };
  }

  async writeStdin(idOrName: string, data: Uint8Array): Promise<void> {
    const { runtime } = this.#running(idOrName);
    await runtime.session!.agent.writeStdin(runtime.handle!, data);
  }

  async closeStdin(idOrName: string): Promise<void> {
    const { runtime } = this.#running(idOrName);
    await runtime.session!.agent.closeStdin(runtime.handle!);
  }

  async resize(idOrName: string, rows: number, columns: number): Promise<void> {
    const { record, runtime } = this.#running(idOrName);
    if (!record.request.Tty) return;
    await runtime.session!.agent.resize(record.id, columns, rows);
  }

  async kill(idOrName: string, signal = "KILL"): Promise<void> {
    const signalNumber = parseSignal(signal);
    const { record, runtime } = this.#running(idOrName);
    await runtime.session!.agent.signal(record.id, signalNumber);
  }

  async remove(idOrName: string, force: boolean): Promise<void> {
    const record = this.#records.resolve(idOrName);
    if (record.state === "running") {
      if (!force) {
        throw new EngineError(
          "conflict",
          `cannot remove container "/${record.name}": container is running: stop the container before removing or force remove`,
        );
      }
      const runtime = this.#runtime(record);
      await runtime.session!.agent.signal(record.id, 9).catch(() => undefined);
      await Promise.race([runtime.exited, delay(10_000)]);
    }
    this.#remove(record);
  }

  list(all: boolean): ContainerSummary[] {
    const now = Date.now();
    return this.#records
      .list()
      .filter((record) => all || record.state === "running")
      .map((record) => toContainerSummary(record, now));
  }

  #finish(record: ContainerRecord, runtime: ContainerRuntime, code: number): void {
    record.state = "exited";
    record.exitCode = code;
    record.finishedAt = Date.now();
    runtime.detachOutput?.();
    runtime.markExited(code);
    if (record.request.HostConfig?.AutoRemove) this.#remove(record);
  }

  #remove(record: ContainerRecord): void {
    if (record.exitCode !== undefined) {
      this.#removedExitCodes.set(record.id, record.exitCode);
      if (this.#removedExitCodes.size > rememberedExitCodes) {
        this.#removedExitCodes.delete(this.#removedExitCodes.keys().next().value!);
      }
    }
    this.#records.remove(record.id);
    this.#runtimes.delete(record.id);
  }

  #running(idOrName: string): { record: ContainerRecord; runtime: ContainerRuntime } {
    const record = this.#records.resolve(idOrName);
    if (record.state !== "running") throw new EngineError("conflict", `container ${record.id} is not running`);
    return { record, runtime: this.#runtime(record) };
  }

  #runtime(record: ContainerRecord): ContainerRuntime {
    const runtime = this.#runtimes.get(record.id);
    if (!runtime) throw new EngineError("not-found", `No such container: ${record.id}`);
    return runtime;
  }

  #nameTaken(name: string): boolean {
    return this.#records.list().some((record) => record.name === name);
  }
}

function newRuntime(spec: RuntimeSpec): ContainerRuntime {
  let markExited!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (markExited = resolve));
  return { spec, output: new OutputHub(), exited, markExited };
}

function randomContainerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
