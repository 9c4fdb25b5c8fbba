// The container and exec operations of the Engine API, mapped onto the container services.

import type { EngineApi } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { ImageStore } from "../images/image-store.ts";
import type { ContainerLogStore } from "../logs/log-store.ts";
import type { ContainerArchives } from "../containers/container-archive.ts";
import { attachContainer } from "../containers/container-attach.ts";
import { inspectContainer, listContainers, statsMessage, topTable, type StatsSample } from "../containers/container-inspection.ts";
import { containerLogs } from "../containers/container-logs.ts";
import type { WaitCondition } from "../containers/container-runtime.ts";
import type { ContainerService } from "../containers/container-service.ts";
import type { ContainerSnapshots } from "../containers/container-snapshot.ts";
import { applyCommitChanges } from "../build/commit-changes.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";
import type { ExecService } from "../containers/exec-service.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import type { AgentInfo } from "../vm/agent-client.ts";

export type ContainerOperationName = Extract<keyof EngineApi, `container${string}` | `exec${string}` | "putContainerArchive" | "imageCommit">;

export interface ContainerHandlerDependencies {
  /** Resolves once the engine is up (records loaded, guest booting). */
  started(): Promise<unknown>;
  containers: ContainerService;
  execs: ExecService;
  archives: ContainerArchives;
  snapshots: ContainerSnapshots;
  logs: ContainerLogStore;
  images: ImageStore;
  guestInfo(): Promise<AgentInfo>;
}

const statsIntervalMs = 1000;

export function containerHandlers(deps: ContainerHandlerDependencies): Pick<EngineApi, ContainerOperationName> {
  const { containers, execs, archives } = deps;
  const ready = async () => void (await deps.started());
  return {
    async containerList(request) {
      await ready();
      const summaries = listContainers(containers.index, deps.images, request, (record) => containers.networkState(record));
      if (!request.size) return summaries;
      return Promise.all(
        summaries.map(async (summary) => {
          const sizeRw = await containers.layerSize(summary.Id);
          return { ...summary, SizeRw: sizeRw, SizeRootFs: (summary.SizeRootFs ?? 0) + sizeRw };
        }),
      );
    },
    async containerCreate({ name, body }) {
      await ready();
      return containers.create(name, body);
    },
    async containerInspect({ id }) {
      await ready();
      const record = containers.index.resolve(id);
      return inspectContainer(record, execs.idsOf(record.id), containers.networkState(record));
    },
    async containerChanges({ id }) {
      await ready();
      return deps.snapshots.changes(id);
    },
    async containerExport({ id }) {
      await ready();
      return deps.snapshots.export(id);
    },
    async imageCommit({ container, repo, tag, comment, author, pause, changes, body }) {
      await ready();
      if (!container) throw new EngineError("invalid", "a container to commit is required");
      // Docker's client sends each --change as its own parameter; older ones joined them with newlines.
      const changeConfig = changes?.length ? (config: ContainerDefaults) => applyCommitChanges(config, changes.join("\n")) : undefined;
      const image = await deps.snapshots.commit(container, { repo, tag, comment, author, pause, config: body, changeConfig });
      return { Id: image.id };
    },
    async containerTop({ id }) {
      await ready();
      const { record, task } = containers.runningTask(id);
      return topTable(await task.session.agent.top(record.id), Date.now());
    },
    async containerLogs({ id, ...options }, sink) {
      await ready();
      return containerLogs(containers, deps.logs, id, options, sink);
    },
    async containerStats({ id, stream: streaming = true, "one-shot": oneShot }, sink) {
      await ready();
      const record = containers.index.resolve(id);
      const info = await deps.guestInfo();
      const stream = new EngineStream();
      let previous: StatsSample | undefined;
      const sample = async (): Promise<StatsSample | undefined> => {
        const task = containers.runtime(record).task;
        if (!task) return undefined;
        return { stats: await task.session.agent.stats(record.id), at: Date.now() };
      };
      const emit = async () => {
        const current = await sample().catch(() => undefined);
        if (stream.ended) return;
        stream.delivered(sink.report(statsMessage(record, info, current, previous)));
        previous = current;
      };
      if (!streaming) {
        // Docker's non-streaming sample carries the previous one too (unless one-shot).
        if (!oneShot) {
          previous = await sample().catch(() => undefined);
          await delay(statsIntervalMs);
        }
        await emit();
        stream.end();
        return stream;
      }
      void (async () => {
        while (!stream.ended) {
          await emit();
          await delay(statsIntervalMs);
        }
      })();
      return stream;
    },
    async containerResize({ id, h, w }) {
      await ready();
      const { record, task } = containers.runningTask(id);
      if (record.config.Tty && h && w) await task.session.agent.resize(record.id, w, h);
      containers.events.publish(record, "resize", { height: String(h ?? 0), width: String(w ?? 0) });
    },
    async containerStart({ id }) {
      await ready();
      await containers.start(id);
    },
    async containerStop({ id, signal, t }) {
      await ready();
      await containers.stop(id, { signal, t });
    },
    async containerRestart({ id, signal, t }) {
      await ready();
      await containers.restart(id, { signal, t });
    },
    async containerKill({ id, signal }) {
      await ready();
      await containers.kill(id, signal);
    },
    async containerRename({ id, name }) {
      await ready();
      await containers.rename(id, name ?? "");
    },
    async containerPause({ id }) {
      await ready();
      await containers.pause(id);
    },
    async containerUnpause({ id }) {
      await ready();
      await containers.unpause(id);
    },
    async containerAttach({ id, ...options }, sink) {
      await ready();
      return attachContainer(containers, id, options, sink);
    },
    async containerWait({ id, condition }) {
      await ready();
      if (condition !== undefined && !["not-running", "next-exit", "removed"].includes(condition)) {
        throw new EngineError("invalid", `invalid condition: "${condition}"`);
      }
      return containers.wait(id, (condition || "not-running") as WaitCondition);
    },
    async containerDelete({ id, force }) {
      await ready();
      await containers.remove(id, Boolean(force));
    },
    async containerArchiveInfo({ id, path }) {
      await ready();
      return archives.stat(id, requirePath(path));
    },
    async containerArchive({ id, path }) {
      await ready();
      return archives.read(id, requirePath(path));
    },
    async putContainerArchive({ id, path, body }) {
      await ready();
      await archives.write(id, requirePath(path), body);
    },
    async containerPrune() {
      await ready();
      return containers.prune();
    },
    async containerExec({ id, body }) {
      await ready();
      return execs.create(id, body);
    },
    async execStart({ id, body }, sink) {
      await ready();
      return execs.start(id, body, sink);
    },
    async execResize({ id, h, w }) {
      await ready();
      if (h && w) await execs.resize(id, h, w);
    },
    async execInspect({ id }) {
      await ready();
      return execs.inspect(id);
    },
  };
}

function requirePath(path: string | undefined): string {
  if (!path) throw new EngineError("invalid", "path is required");
  return path;
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
