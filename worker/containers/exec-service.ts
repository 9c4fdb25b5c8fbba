// `docker exec`: exec instances are created for a running container (ContainerExec), then started
// (ExecStart) as another process of the container's task, with their own stdio, TTY and exit code.
// Instances are kept in memory until their container is removed or the engine restarts, as Docker
// keeps them until the container goes. Each step is published as the container's exec_create,
// exec_start and exec_die events.

import { runcWording } from "./runtime-errors.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { OutputSink } from "../../src/api/engine-api.ts";
import type { ExecConfig, ExecInspectResponse, ExecStartConfig } from "../../src/api/container-types.ts";
import type { GuestImageCache } from "../images/guest-image-cache.ts";
import type { ImageStore } from "../images/image-store.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import { AgentError } from "../vm/agent-client.ts";
import type { ContainerService } from "./container-service.ts";
import { randomId } from "./random-id.ts";
import { buildExecProcess } from "./runtime-spec.ts";
import type { TaskProcess } from "./task.ts";

interface ExecInstance {
  id: string;
  containerId: string;
  config: ExecConfig;
  process?: TaskProcess;
  exitCode: number | null;
  running: boolean;
}

/** The agent's stdio handles of exec processes are numbered apart from the inits'. */
const firstExecHandle = 0x4000_0000;

export class ExecService {
  readonly #instances = new Map<string, ExecInstance>();
  #nextHandle = firstExecHandle;

  constructor(
    private readonly containers: ContainerService,
    private readonly images: ImageStore,
    private readonly guestImages: GuestImageCache,
  ) {}

  create(containerIdOrName: string, config: ExecConfig): { Id: string } {
    const record = this.containers.index.resolve(containerIdOrName);
    if (record.state.Status === "paused") throw new EngineError("conflict", `Container ${record.id} is paused, unpause the container before exec`);
    this.containers.runningTask(record.id);
    if (!config.Cmd || config.Cmd.length === 0) throw new EngineError("invalid", "No exec command specified");
    const id = randomId();
    this.#instances.set(id, { id, containerId: record.id, config, exitCode: null, running: false });
    this.#forgetExecsOfRemovedContainers();
    this.containers.events.publish(record, withCommand("exec_create", config), { execID: id });
    return { Id: id };
  }

  async start(id: string, options: ExecStartConfig, sink: OutputSink): Promise<EngineStream> {
    const exec = this.#instance(id);
    if (exec.process) throw new EngineError("conflict", `Error: Exec command ${id} has already run`);
    const { record, task } = this.containers.runningTask(exec.containerId);
    const image = this.images.get(record.imageId);
    if (!image) throw new EngineError("not-found", `No such image: ${record.imageId}`);
    const tty = options.Tty ?? exec.config.Tty ?? false;
    const processSpec = buildExecProcess(record.config, { ...exec.config, Tty: tty }, await this.guestImages.tree(image));
    const process = task.addProcess(id, this.#nextHandle++, tty);
    exec.process = process;
    const agent = task.session.agent;
    const stdinOpen = exec.config.AttachStdin === true && !options.Detach;
    this.containers.events.publish(record, withCommand("exec_start", exec.config), { execID: id });
    const stream = new EngineStream({
      write: (data) => agent.writeStdin(process.handle, data),
      closeWrite: () => agent.closeStdin(process.handle),
    });
    if (!options.Detach) {
      const detach = process.output.attach({
        write: (which, data) => {
          if ((which === 1 && exec.config.AttachStdout !== false) || (which === 2 && exec.config.AttachStderr !== false)) stream.delivered(sink.write(which, data));
        },
      });
      stream.onClose(detach);
    }
    try {
      process.pid = await agent.exec({ id: record.id, processId: id, handle: process.handle, processJson: JSON.stringify(processSpec), tty, stdinOpen });
    } catch (error) {
      process.markExited({ exitCode: 126, oomKilled: false });
      exec.exitCode = 126;
      const reason = error instanceof AgentError ? error.reason : error instanceof Error ? error.message : String(error);
      throw new EngineError("system", `OCI runtime exec failed: exec failed: ${runcWording(reason)}: unknown`);
    }
    exec.running = true;
    void process.exited.then(async (exit) => {
      exec.running = false;
      exec.exitCode = exit.exitCode;
      this.containers.events.publish(record, "exec_die", { execID: id, exitCode: String(exit.exitCode) });
      await Promise.race([process.output.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      stream.end();
    });
    if (options.Detach) stream.end();
    return stream;
  }

  async resize(id: string, rows: number, columns: number): Promise<void> {
    const exec = this.#instance(id);
    if (!exec.running || !exec.process?.tty) return;
    const { record, task } = this.containers.runningTask(exec.containerId);
    await task.session.agent.resize(record.id, columns, rows, id);
  }

  inspect(id: string): ExecInspectResponse {
    const exec = this.#instance(id);
    const [entrypoint = "", ...args] = exec.config.Cmd;
    return {
      ID: exec.id,
      Running: exec.running,
      ExitCode: exec.exitCode,
      ProcessConfig: { tty: exec.config.Tty === true, entrypoint, arguments: args, privileged: exec.config.Privileged === true, ...(exec.config.User ? { user: exec.config.User } : {}) },
      OpenStdin: exec.config.AttachStdin === true,
      OpenStderr: exec.config.AttachStderr !== false,
      OpenStdout: exec.config.AttachStdout !== false,
      CanRemove: !exec.running,
      ContainerID: exec.containerId,
      DetachKeys: exec.config.DetachKeys ?? "",
      Pid: exec.process?.pid ?? 0,
    };
  }

  /** Ids of the container's exec instances, as inspect's ExecIDs lists them. */
  idsOf(containerId: string): string[] {
    return [...this.#instances.values()].filter((exec) => exec.containerId === containerId && exec.running).map((exec) => exec.id);
  }

  #instance(id: string): ExecInstance {
    const exec = this.#instances.get(id);
    if (!exec) throw new EngineError("not-found", `No such exec instance: ${id}`);
    return exec;
  }

  #forgetExecsOfRemovedContainers(): void {
    for (const [id, exec] of this.#instances) if (!this.containers.index.get(exec.containerId)) this.#instances.delete(id);
  }
}

/** Docker's exec action: "exec_start: ls -l" (the command's first word, a space, then the rest). */
function withCommand(action: string, config: ExecConfig): string {
  const [entrypoint = "", ...args] = config.Cmd;
  return `${action}: ${entrypoint} ${args.join(" ")}`;
}
