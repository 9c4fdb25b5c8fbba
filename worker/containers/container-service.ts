// Container lifecycle operations of the Engine API: create, start, stop, restart, kill, pause,
// unpause, rename, wait, remove and prune, with restart policies. Records live in the
// ContainerIndex (persisted); a running container's processes live in its Task in the guest; the
// init's output goes to the attached clients and to the container's log; its networks are held
// from start to exit (ContainerNetworking); its writable layer is its own disk (LayerDisks), kept
// until the container is removed. Each change is published as Docker's container event.

import { EngineError, isEngineError } from "../../src/api/errors.ts";
import { commandFailureExitCode } from "../../src/api/start-failure.ts";
import { runcWording } from "./runtime-errors.ts";
import type { ContainerCreateRequest, ContainerCreateResponse, ContainerPruneResponse, ContainerWaitResponse } from "../../src/api/container-types.ts";
import type { GuestImageCache } from "../images/guest-image-cache.ts";
import type { ImageStore } from "../images/image-store.ts";
import type { LayerDisks } from "../disks/layer-disks.ts";
import type { ContainerLogStore } from "../logs/log-store.ts";
import { LogWriter } from "../logs/log-writer.ts";
import type { ContainerNetworking } from "../networks/container-networking.ts";
import type { ContainerNetworkState } from "../networks/network-settings.ts";
import { AgentError, type AgentExit } from "../vm/agent-client.ts";
import { generateContainerName, isValidContainerName } from "./container-names.ts";
import type { ContainerEvents } from "./container-events.ts";
import type { ContainerIndex } from "./container-index.ts";
import { createdState, epochMilliseconds, rfc3339Nano, type ContainerRecord } from "./container-record.ts";
import { ContainerRuntime, type WaitCondition } from "./container-runtime.ts";
import * as State from "./container-state.ts";
import { randomId } from "./random-id.ts";
import { buildRuntimeSpec, mergedContainerConfig } from "./runtime-spec.ts";
import { parseSignal } from "./signals.ts";
import { Task, type GuestSession } from "./task.ts";

/** Exit code of containers whose guest or engine went away under them. */
const lostExitCode = 255;
const defaultStopTimeoutSeconds = 10;
/** How long a SIGKILLed container may take to be reported gone. */
const killGraceMs = 10_000;
const rememberedExitCodes = 64;

export class ContainerService {
  readonly #runtimes = new Map<string, ContainerRuntime>();
  /** Running containers whose room layerStoreFull() took away. */
  readonly #roomless = new Set<string>();
  /** Containers whose bundle exists (or is being made) in each guest. */
  readonly #bundles = new WeakMap<GuestSession, Map<string, Promise<void>>>();
  /** Exit codes of auto-removed containers, so a wait that arrives late still gets one. */
  readonly #removedExitCodes = new Map<string, number>();
  #nextHandle = 1;

  constructor(
    readonly index: ContainerIndex,
    private readonly images: ImageStore,
    private readonly guestImages: GuestImageCache,
    private readonly logs: ContainerLogStore,
    private readonly guest: () => Promise<GuestSession>,
    readonly events: ContainerEvents,
    private readonly networking: ContainerNetworking,
    private readonly layerDisks: LayerDisks,
  ) {}

  /**
   * After a reload or daemon restart (records loaded): containers that were running are reported
   * exited with the reason, and those whose policy says so are started again (in the background).
   */
  recover(): void {
    const records = this.index.list();
    const now = Date.now();
    const restart: ContainerRecord[] = [];
    for (const record of records) {
      if (!record.state.Running && !record.state.Paused && !record.state.Restarting) continue;
      record.state = State.exited(record.state, { exitCode: lostExitCode, oomKilled: false, error: "the engine stopped while the container was running (page reloaded or daemon restarted)" }, now);
      this.index.save(record);
      const policy = record.hostConfig.RestartPolicy?.Name;
      if ((policy === "always" || policy === "unless-stopped") && !record.manuallyStopped) restart.push(record);
    }
    for (const record of restart) void this.start(record.id).catch((error: unknown) => console.warn(`berth: could not restart ${record.name}:`, error));
  }

  async create(name: string | undefined, request: ContainerCreateRequest): Promise<ContainerCreateResponse> {
    if (!request.Image) throw new EngineError("invalid", "config cannot be empty in order to create a container");
    if (name !== undefined && name !== "" && !isValidContainerName(name.replace(/^\//, ""))) {
      throw new EngineError("invalid", `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    const network = this.networking.plan(request);
    const hostConfig = { ...request.HostConfig, NetworkMode: network.networkMode };
    State.validateRestartPolicy(hostConfig.RestartPolicy, Boolean(hostConfig.AutoRemove));
    const image = this.images.resolve(request.Image);
    const id = randomId();
    // Built once now so that a bad request (user, working directory, limits) fails at create, as in Docker.
    const spec = buildRuntimeSpec(image.config, request, { id, rootfs: await this.guestImages.tree(image) });
    const record: ContainerRecord = {
      id,
      name: name ? name.replace(/^\//, "") : generateContainerName((candidate) => this.index.findByName(candidate) !== undefined),
      created: rfc3339Nano(Date.now()),
      imageRef: request.Image,
      imageId: image.id,
      request,
      config: mergedContainerConfig(image.config, request, spec),
      hostConfig,
      networks: network.networks,
      args: spec.process.args,
      state: createdState(),
      restartCount: 0,
      manuallyStopped: false,
    };
    this.index.add(record);
    await this.index.settled();
    this.events.publish(record, "create");
    return { Id: id, Warnings: network.warnings };
  }

  runtime(record: ContainerRecord): ContainerRuntime {
    let runtime = this.#runtimes.get(record.id);
    if (!runtime) {
      runtime = new ContainerRuntime();
      this.#runtimes.set(record.id, runtime);
    }
    return runtime;
  }

  /** The bytes its writable layer takes in the engine's storage. */
  layerSize(id: string): Promise<number> {
    return this.layerDisks.usage(id);
  }

  /** The task of a running (or paused) container. */
  runningTask(idOrName: string): { record: ContainerRecord; task: Task } {
    const record = this.index.resolve(idOrName);
    const task = this.#runtimes.get(record.id)?.task;
    if (!task || !State.isActive(record.state)) throw new EngineError("conflict", `container ${record.id} is not running`);
    return { record, task };
  }

  /** Its endpoints and published ports while it runs, for inspect and the list. */
  networkState(record: ContainerRecord): ContainerNetworkState {
    return this.networking.state(record, this.#runtimes.get(record.id)?.task !== undefined);
  }

  /** Starts a created or exited container; a running one is left as it is (Docker's 304). */
  async start(idOrName: string): Promise<void> {
    const record = this.index.resolve(idOrName);
    if (record.state.Status === "paused") throw new EngineError("conflict", "cannot start a paused container, try unpause instead");
    if (record.state.Status === "removing" || record.state.Status === "dead") {
      throw new EngineError("conflict", `container is marked for removal and cannot be started`);
    }
    const runtime = this.runtime(record);
    if (record.state.Running && !record.state.Restarting) return;
    clearTimeout(runtime.restartTimer);
    record.manuallyStopped = false;
    record.restartCount = 0;
    runtime.restartDelayMs = 0;
    await this.#run(record, runtime);
  }

  async #run(record: ContainerRecord, runtime: ContainerRuntime): Promise<void> {
    if (runtime.starting) return runtime.starting;
    const started = this.#startTask(record, runtime);
    runtime.starting = started.then(
      () => undefined,
      () => undefined,
    );
    try {
      await started;
    } finally {
      runtime.starting = undefined;
    }
  }

  async #startTask(record: ContainerRecord, runtime: ContainerRuntime): Promise<void> {
    const tty = Boolean(record.config.Tty);
    const { session } = await this.ensureBundle(record);
    if (this.#roomless.delete(record.id)) await this.#giveRoom(record.id, session);
    const log = new LogWriter(this.logs, record.id);
    const task = new Task(record.id, session, this.#nextHandle++, tty, (stream, bytes) => {
      log.write(stream, bytes);
      runtime.deliver(stream, bytes);
    });
    // Known before START is sent: the init's EXIT may come right behind START's result.
    runtime.task = task;
    try {
      const network = await this.networking.attach(record, session.agent);
      try {
        task.init.pid = await session.agent.start({ id: record.id, handle: task.init.handle, tty, stdinOpen: Boolean(record.config.OpenStdin), ...(network ? { network } : {}) });
      } catch (error) {
        this.networking.release(record.id);
        throw new EngineError("system", `failed to create task for container: OCI runtime create failed: ${runcWording(errorMessage(error))}: unknown`);
      }
    } catch (error) {
      runtime.task = undefined;
      task.dispose();
      void log.close();
      const failure = isEngineError(error) ? error : new EngineError("system", errorMessage(error));
      record.state = { ...record.state, ExitCode: commandFailureExitCode(failure.message) ?? 128, Error: failure.message };
      this.index.save(record);
      if (record.hostConfig.AutoRemove) await this.#removeRecord(record, runtime);
      throw failure;
    }
    runtime.log = log;
    runtime.taskStarted(task);
    record.state = State.started(record.state, task.init.pid, Date.now());
    void task.init.exited.then((exit) => this.#onInitExited(record, runtime, task, exit));
    await this.#saved(record);
    this.events.publish(record, "start");
  }

  /**
   * The container's bundle in the guest (its config and its writable layer over the image's
   * rootfs), made on first use in each guest: at the first start, or for `docker cp`.
   */
  async ensureBundle(record: ContainerRecord): Promise<{ session: GuestSession }> {
    const session = await this.guest();
    const bundles = this.#bundlesOf(session);
    let bundle = bundles.get(record.id);
    if (!bundle) {
      bundle = this.#makeBundle(record, session);
      bundles.set(record.id, bundle);
      bundle.catch(() => bundles.delete(record.id));
    }
    await bundle;
    return { session };
  }

  async #makeBundle(record: ContainerRecord, session: GuestSession): Promise<void> {
    const image = this.images.get(record.imageId);
    if (!image) throw new EngineError("not-found", `No such image: ${record.imageId}`);
    const rootfs = await this.guestImages.ensureInGuest(image, session.files);
    const spec = buildRuntimeSpec(image.config, record.request, { id: record.id, rootfs: await this.guestImages.tree(image) });
    const layerDisk = await this.layerDisks.attach(record.id);
    try {
      await session.agent.create({ id: record.id, rootfs, configJson: JSON.stringify(spec), layerDisk });
    } catch (error) {
      await this.layerDisks.detach(record.id).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The engine's storage took none of the container's latest writes: it gets no more room, so its
   * next writes fail with ENOSPC in the container instead of piling up in the engine's memory
   * (they stay there, stored once space frees). Its next start gives it the room left then.
   */
  async layerStoreFull(id: string): Promise<void> {
    const session = this.#runningSession(id);
    if (!session || this.#roomless.has(id)) return;
    this.#roomless.add(id);
    await session.agent.setLayerRoom(id, 0).catch((error: unknown) => console.warn(`berth: could not stop container ${id} writing:`, error));
  }

  /**
   * The container's stored layer is corrupted (a chunk failed its checksum): a running task is
   * killed, and the container is marked dead with the reason. It never starts again; `docker rm`
   * removes it and its disk. Other containers go on.
   */
  async layerCorrupted(id: string, reason: string): Promise<void> {
    const record = this.index.get(id);
    if (!record || record.state.Dead || record.state.Status === "removing") return;
    const runtime = this.runtime(record);
    const task = runtime.task;
    if (task) {
      if (runtime.deadReason) return;
      runtime.deadReason = reason;
      await this.#signal(record, task, 9).catch(() => undefined);
      return;
    }
    clearTimeout(runtime.restartTimer);
    record.state = State.dead(record.state, reason, Date.now());
    await this.#saved(record);
  }

  /** Why the container's stored layer is known to be corrupted, if it is. */
  layerCorruption(id: string): string | undefined {
    const record = this.index.get(id);
    return this.#runtimes.get(id)?.deadReason ?? (record?.state.Dead ? record.state.Error : undefined);
  }

  /** The guest session of the container's task, while it runs. */
  #runningSession(id: string): GuestSession | undefined {
    return this.#runtimes.get(id)?.task?.session;
  }

  /** The room left now, to a container layerStoreFull() took it from. */
  async #giveRoom(id: string, session: GuestSession): Promise<void> {
    await session.agent.setLayerRoom(id, (await this.layerDisks.room()) ?? Number.MAX_SAFE_INTEGER);
  }

  /** A removed container freed storage: running containers left without room get some again. */
  async #roomFreed(): Promise<void> {
    for (const id of this.#roomless) {
      const session = this.#runningSession(id);
      if (!session) continue; // its next start gives it room
      this.#roomless.delete(id);
      await this.#giveRoom(id, session).catch((error: unknown) => console.warn(`berth: could not give container ${id} room again:`, error));
    }
  }

  /** The agent's EXIT events, routed to the task they belong to. */
  onAgentExit(event: AgentExit): void {
    this.#runtimes.get(event.containerId)?.task?.onExit(event);
  }

  /** Every task died with the guest; their containers are reported exited with `reason`. */
  onGuestLost(reason: string): void {
    for (const runtime of this.#runtimes.values()) {
      if (runtime.task) runtime.lostReason = reason;
      runtime.task?.abandon(lostExitCode);
    }
    // The guest's partitions went with it; what it had written stays in the disks.
    this.layerDisks.guestLost();
    this.#roomless.clear();
    for (const record of this.index.list()) void this.layerDisks.detach(record.id).catch(() => undefined);
  }

  async #onInitExited(record: ContainerRecord, runtime: ContainerRuntime, task: Task, exit: { exitCode: number; oomKilled: boolean }): Promise<void> {
    await Promise.race([task.init.output.closed, delay(2000)]);
    task.dispose();
    runtime.task = undefined;
    this.networking.release(record.id);
    await runtime.log?.close().catch(() => undefined);
    runtime.log = undefined;
    const now = Date.now();
    const ranForMs = now - (epochMilliseconds(record.state.StartedAt) ?? now);
    const deadReason = runtime.deadReason;
    runtime.deadReason = undefined;
    const error = runtime.lostReason ?? deadReason;
    runtime.lostReason = undefined;
    record.state = deadReason ? State.dead(record.state, deadReason, now) : State.exited(record.state, { ...exit, error }, now);
    const restart = !deadReason && State.shouldRestart({
      policy: record.hostConfig.RestartPolicy,
      exitCode: exit.exitCode,
      restartCount: record.restartCount,
      manuallyStopped: record.manuallyStopped,
    });
    const exited = { StatusCode: exit.exitCode, ...(error ? { Error: { Message: error } } : {}) };
    const died = () => {
      if (exit.oomKilled) this.events.publish(record, "oom");
      this.events.publish(record, "die", { exitCode: String(exit.exitCode), execDuration: String(Math.floor(ranForMs / 1000)) });
    };
    if (restart && this.index.get(record.id)) {
      runtime.restartDelayMs = State.restartDelay(runtime.restartDelayMs, ranForMs);
      record.state = State.restarting(record.state);
      await this.#saved(record);
      died();
      runtime.exited(exited);
      runtime.restartTimer = setTimeout(() => void this.#restartByPolicy(record, runtime), runtime.restartDelayMs);
      return;
    }
    // Durable before anyone hears of the exit: a reload right after `docker run` returns keeps it.
    // A lost guest can sync nothing: its disks keep what reached them.
    if (!record.hostConfig.AutoRemove && !error) {
      const failure = await this.#persistLayer(record, task.session);
      if (failure) record.state = { ...record.state, Error: failure };
    }
    await this.#saved(record);
    died();
    runtime.exited(exited);
    if (record.hostConfig.AutoRemove && this.index.get(record.id)) await this.#removeRecord(record, runtime);
  }

  /** Writes the stopped container's layer into the store; the reason if that failed. */
  async #persistLayer(record: ContainerRecord, session: GuestSession): Promise<string | undefined> {
    try {
      await session.agent.syncLayerDisk(record.id);
      await this.layerDisks.flush(record.id);
      return undefined;
    } catch (error) {
      return `the container's changes could not be saved: ${errorMessage(error)}`;
    }
  }

  async #restartByPolicy(record: ContainerRecord, runtime: ContainerRuntime): Promise<void> {
    if (!this.index.get(record.id) || record.state.Status !== "restarting") return;
    record.restartCount += 1;
    try {
      await this.#run(record, runtime);
    } catch (error) {
      record.state = State.exited(record.state, { exitCode: record.state.ExitCode || 128, oomKilled: false, error: errorMessage(error) }, Date.now());
      this.index.save(record);
    }
  }

  async stop(idOrName: string, options: { signal?: string; t?: number }): Promise<void> {
    const record = this.index.resolve(idOrName);
    const runtime = this.runtime(record);
    record.manuallyStopped = true;
    if (record.state.Status === "restarting") {
      clearTimeout(runtime.restartTimer);
      record.state = State.exited(record.state, { exitCode: record.state.ExitCode, oomKilled: record.state.OOMKilled }, Date.now());
      this.index.save(record);
      this.events.publish(record, "stop");
      return;
    }
    this.index.save(record);
    const task = runtime.task;
    if (!task || !State.isActive(record.state)) return;
    const signal = parseSignal(options.signal || record.config.StopSignal || "SIGTERM");
    const timeoutSeconds = options.t ?? record.config.StopTimeout ?? defaultStopTimeoutSeconds;
    // Settles once the exit is recorded: state saved, "die" published, waiters woken.
    const recorded = runtime.wait("next-exit");
    await this.#signal(record, task, signal);
    if (timeoutSeconds >= 0 && !(await settlesWithin(task.init.exited, timeoutSeconds * 1000))) {
      await this.#signal(record, task, 9);
      if (!(await settlesWithin(task.init.exited, killGraceMs))) throw new EngineError("system", `cannot stop container: ${record.id}: tried to kill container, but did not receive an exit event`);
    }
    await recorded;
    this.events.publish(record, "stop");
  }

  async restart(idOrName: string, options: { signal?: string; t?: number }): Promise<void> {
    await this.stop(idOrName, options);
    await this.start(idOrName);
    this.events.publish(this.index.resolve(idOrName), "restart");
  }

  async kill(idOrName: string, signalName = "KILL"): Promise<void> {
    const signal = parseSignal(signalName);
    const record = this.index.resolve(idOrName);
    const task = this.#runtimes.get(record.id)?.task;
    if (!task || !State.isActive(record.state)) throw new EngineError("conflict", `Cannot kill container: ${idOrName}: container ${record.id} is not running`);
    if (signal === 9 || signal === parseSignal(record.config.StopSignal || "SIGTERM")) {
      record.manuallyStopped = true;
      this.index.save(record);
    }
    await this.#signal(record, task, signal);
  }

  /** Sends a signal to the init; a paused container is thawed so that it can act on it. */
  async #signal(record: ContainerRecord, task: Task, signal: number): Promise<void> {
    await task.session.agent.signal(record.id, signal).catch((error: unknown) => {
      if (!task.init.exit) throw new EngineError("system", `cannot kill container ${record.id}: ${errorMessage(error)}`);
    });
    this.events.publish(record, "kill", { signal: String(signal) });
    if (record.state.Status === "paused") {
      await task.session.agent.resume(record.id).catch(() => undefined);
      record.state = State.unpaused(record.state);
      this.index.save(record);
    }
  }

  async pause(idOrName: string): Promise<void> {
    const record = this.index.resolve(idOrName);
    if (record.state.Status === "paused") throw new EngineError("conflict", `Container ${record.id} is already paused`);
    const { task } = this.runningTask(idOrName);
    await task.session.agent.pause(record.id);
    record.state = State.paused(record.state);
    await this.#saved(record);
    this.events.publish(record, "pause");
  }

  async unpause(idOrName: string): Promise<void> {
    const record = this.index.resolve(idOrName);
    if (record.state.Status !== "paused") throw new EngineError("conflict", `Container ${record.id} is not paused`);
    const { task } = this.runningTask(idOrName);
    await task.session.agent.resume(record.id);
    record.state = State.unpaused(record.state);
    await this.#saved(record);
    this.events.publish(record, "unpause");
  }

  async rename(idOrName: string, name: string): Promise<void> {
    const record = this.index.resolve(idOrName);
    const newName = name.replace(/^\//, "");
    if (!newName) throw new EngineError("invalid", "Neither old nor new names may be empty");
    if (!isValidContainerName(newName)) throw new EngineError("invalid", `Invalid container name (${newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if (newName === record.name) throw new EngineError("invalid", "Renaming a container with the same name as its current name");
    const oldName = record.name;
    this.index.rename(record, newName);
    this.networking.renamed(record, oldName);
    this.index.save(record);
    await this.index.settled();
    this.events.publish(record, "rename", { oldName: `/${oldName}` });
  }

  async wait(idOrName: string, condition: WaitCondition = "not-running"): Promise<ContainerWaitResponse> {
    const remembered = this.#removedExitCodes.get(idOrName);
    if (remembered !== undefined) return { StatusCode: remembered };
    const record = this.index.resolve(idOrName);
    const runtime = this.runtime(record);
    if (condition === "not-running" && !record.state.Running && !runtime.starting) {
      return { StatusCode: record.state.ExitCode, ...(record.state.Error ? { Error: { Message: record.state.Error } } : {}) };
    }
    return runtime.wait(condition);
  }

  async remove(idOrName: string, force: boolean): Promise<void> {
    const record = this.index.resolve(idOrName);
    const runtime = this.runtime(record);
    if (record.state.Running || record.state.Paused) {
      if (!force) {
        const what = record.state.Restarting ? "restarting" : record.state.Paused ? "paused" : "running";
        throw new EngineError(
          "conflict",
          `cannot remove container "/${record.name}": container is ${what}: stop the container before removing or force remove`,
        );
      }
      record.manuallyStopped = true;
      clearTimeout(runtime.restartTimer);
      const task = runtime.task;
      if (task) {
        const recorded = runtime.wait("next-exit");
        await this.#signal(record, task, 9).catch(() => undefined);
        if (await settlesWithin(task.init.exited, killGraceMs)) await recorded;
      }
    }
    await this.#removeRecord(record, runtime);
  }

  async prune(): Promise<ContainerPruneResponse> {
    const deleted: string[] = [];
    for (const record of this.index.list()) {
      if (record.state.Running || record.state.Paused || record.state.Status === "removing") continue;
      await this.#removeRecord(record, this.runtime(record));
      deleted.push(record.id);
    }
    this.events.pruned(0);
    return { ContainersDeleted: deleted, SpaceReclaimed: 0 };
  }

  /** Removes the container once, however many ask (a forced remove may meet its auto-remove). */
  #removeRecord(record: ContainerRecord, runtime: ContainerRuntime): Promise<void> {
    runtime.removal ??= this.#deleteRecord(record, runtime);
    return runtime.removal;
  }

  async #deleteRecord(record: ContainerRecord, runtime: ContainerRuntime): Promise<void> {
    record.state = State.removing(record.state);
    clearTimeout(runtime.restartTimer);
    // The guest's clean-up (crun's state, the bundle) goes on in the background: the container is
    // gone for Docker's purposes once its record is.
    const session = await this.guest().catch(() => undefined);
    // A DELETE that failed may have left the layer mounted: its slot is not reused until the guest restarts.
    const bundleGone =
      session && this.#bundlesOf(session).delete(record.id)
        ? session.agent.delete(record.id).catch((error: unknown) => {
            console.warn(`berth: the guest could not clean up container ${record.id}:`, error);
            return { partitionKept: true };
          })
        : Promise.resolve({ partitionKept: false });
    void bundleGone
      .then((deleted) => this.layerDisks.remove(record.id, deleted))
      .then(() => this.#roomFreed())
      .catch((error: unknown) => console.warn(`berth: could not free the disk of container ${record.id}:`, error));
    this.#removedExitCodes.set(record.id, record.state.ExitCode);
    if (this.#removedExitCodes.size > rememberedExitCodes) this.#removedExitCodes.delete(this.#removedExitCodes.keys().next().value!);
    this.index.remove(record.id);
    this.#runtimes.delete(record.id);
    this.#roomless.delete(record.id);
    await this.logs.remove(record.id).catch(() => undefined);
    await this.index.settled();
    this.events.publish(record, "destroy");
    runtime.removed({ StatusCode: record.state.ExitCode });
  }

  /** Saves the record and resolves once it (and every earlier write) is stored. */
  async #saved(record: ContainerRecord): Promise<void> {
    this.index.save(record);
    await this.index.settled();
  }

  #bundlesOf(session: GuestSession): Map<string, Promise<void>> {
    let bundles = this.#bundles.get(session);
    if (!bundles) {
      bundles = new Map();
      this.#bundles.set(session, bundles);
    }
    return bundles;
  }
}

async function settlesWithin(promise: Promise<unknown>, milliseconds: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), milliseconds)));
  const settled = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** An agent's error in its own words, anything else by its message. */
function errorMessage(error: unknown): string {
  if (error instanceof AgentError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}
