// A running container's task: its init process and any exec processes in the guest. Each process
// has its own stdio handle on the agent's stdio port, its own output fan-out and its own exit.
// Lifecycle: the container service makes a Task when it starts the init process and adds exec
// processes to it; the agent's EXIT events settle the processes; the task is over when the init
// has exited (the kernel ends every other process of the container with it).

import type { AgentClient, AgentExit } from "../vm/agent-client.ts";
import type { GuestFiles } from "../vm/guest-files.ts";
import { OutputHub, type OutputRecorder } from "./output-hub.ts";

export interface GuestSession {
  agent: AgentClient;
  files: GuestFiles;
}

export interface ProcessExit {
  exitCode: number;
  oomKilled: boolean;
}

/** One process of a task, from the engine's side. */
export class TaskProcess {
  readonly output: OutputHub;
  readonly exited: Promise<ProcessExit>;
  #markExited!: (exit: ProcessExit) => void;
  #exit: ProcessExit | undefined;
  pid = 0;

  constructor(
    readonly processId: string,
    readonly handle: number,
    readonly tty: boolean,
    recorder?: OutputRecorder,
  ) {
    this.output = new OutputHub(recorder);
    this.exited = new Promise((resolve) => (this.#markExited = resolve));
  }

  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  markExited(exit: ProcessExit): void {
    if (this.#exit) return;
    this.#exit = exit;
    this.#markExited(exit);
  }
}

export class Task {
  readonly init: TaskProcess;
  readonly #others = new Map<string, TaskProcess>();
  readonly #detachOutputs: (() => void)[] = [];

  constructor(
    readonly containerId: string,
    readonly session: GuestSession,
    initHandle: number,
    tty: boolean,
    /** Records the init's output: the container's log. */
    log: OutputRecorder,
  ) {
    this.init = this.#track(new TaskProcess("", initHandle, tty, log));
  }

  /** A new exec or copy process; its output is routed before the agent starts it. */
  addProcess(processId: string, handle: number, tty: boolean): TaskProcess {
    const process = this.#track(new TaskProcess(processId, handle, tty));
    this.#others.set(processId, process);
    void process.exited.then(() => this.#others.delete(processId));
    return process;
  }

  process(processId: string): TaskProcess | undefined {
    return processId === "" ? this.init : this.#others.get(processId);
  }

  /** Routes the agent's EXIT event to its process. */
  onExit(event: AgentExit): void {
    this.process(event.processId)?.markExited({ exitCode: event.exitCode, oomKilled: event.oomKilled });
  }

  /** Every process ends with the guest. */
  abandon(exitCode: number): void {
    for (const process of [this.init, ...this.#others.values()]) process.markExited({ exitCode, oomKilled: false });
  }

  dispose(): void {
    for (const detach of this.#detachOutputs.splice(0)) detach();
  }

  #track(process: TaskProcess): TaskProcess {
    this.#detachOutputs.push(this.session.agent.attachOutput(process.handle, process.output));
    return process;
  }
}
