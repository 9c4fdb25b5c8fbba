// What the engine keeps in memory beside a container record while the container exists: its task
// when it runs, the clients attached to its init's output, its log writer, the `docker wait`
// callers, and the pending restart. None of it is persisted; after a reload each container starts
// with an empty runtime.

import type { OutputSink, OutputStream } from "../../src/api/engine-api.ts";
import type { ContainerWaitResponse } from "../../src/api/container-types.ts";
import type { LogWriter } from "../logs/log-writer.ts";
import type { EngineStream } from "../streams/stream-connection.ts";
import type { Task } from "./task.ts";

export type WaitCondition = "not-running" | "next-exit" | "removed";

interface Waiter {
  condition: WaitCondition;
  resolve(response: ContainerWaitResponse): void;
}

export interface Attachment {
  stream: EngineStream;
  sink: OutputSink;
  stdout: boolean;
  stderr: boolean;
}

export class ContainerRuntime {
  task: Task | undefined;
  log: LogWriter | undefined;
  readonly attachments = new Set<Attachment>();
  readonly #waiters: Waiter[] = [];
  /** Live listeners of the log (`docker logs -f`). */
  readonly followers = new Set<(stream: OutputStream, bytes: Uint8Array, time: number) => void>();
  restartTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last restart back-off, for the next one. */
  restartDelayMs = 0;
  /** Why the engine ended the running task (the guest was lost), for State.Error. */
  lostReason: string | undefined;
  /** Why the engine gave the container up while it ran (its stored layer is corrupted): it ends dead. */
  deadReason: string | undefined;
  /** Settles once a start under way has finished (successfully or not). */
  starting: Promise<void> | undefined;
  readonly #taskListeners = new Set<(task: Task) => void>();

  /** The init's process is running (its START answered). */
  taskStarted(task: Task): void {
    for (const listener of this.#taskListeners) listener(task);
    this.#taskListeners.clear();
  }

  /**
   * The running task, or the next one to start: input a client sends before the start (as
   * `docker run -i` does) waits for it. Resolves undefined if `cancelled` settles first.
   */
  runningTask(cancelled: Promise<unknown>): Promise<Task | undefined> {
    if (this.task && this.task.init.pid !== 0) return Promise.resolve(this.task);
    return new Promise((resolve) => {
      this.#taskListeners.add(resolve);
      void cancelled.finally(() => {
        this.#taskListeners.delete(resolve);
        resolve(undefined);
      });
    });
  }
  /** The container's removal, once begun. */
  removal: Promise<void> | undefined;

  /** The init's output: to the attached clients and to the log followers. */
  deliver(stream: OutputStream, bytes: Uint8Array): void {
    for (const attachment of this.attachments) {
      if ((stream === 1 && !attachment.stdout) || (stream === 2 && !attachment.stderr)) continue;
      try {
        attachment.stream.delivered(attachment.sink.write(stream, bytes));
      } catch {
        void attachment.stream.close();
      }
    }
    const now = Date.now();
    for (const follower of this.followers) follower(stream, bytes, now);
  }

  wait(condition: WaitCondition): Promise<ContainerWaitResponse> {
    return new Promise((resolve) => this.#waiters.push({ condition, resolve }));
  }

  /** The init exited: wakes the callers waiting for that, and ends each attached stream (after its client has all the output). */
  exited(response: ContainerWaitResponse): void {
    this.#wake((condition) => condition !== "removed", response);
    for (const attachment of this.attachments) attachment.stream.end();
    this.attachments.clear();
  }

  removed(response: ContainerWaitResponse): void {
    this.#wake(() => true, response);
    clearTimeout(this.restartTimer);
  }

  #wake(matches: (condition: WaitCondition) => boolean, response: ContainerWaitResponse): void {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const waiter = this.#waiters[i];
      if (!matches(waiter.condition)) continue;
      this.#waiters.splice(i, 1);
      waiter.resolve(response);
    }
  }
}
