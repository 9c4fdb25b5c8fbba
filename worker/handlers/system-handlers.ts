// The system operations of the Engine API, plus berth's own EngineStart.

import type { EngineApi } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import { guestMemoryProblem } from "../../src/api/guest-memory.ts";
import type { BootProgress, BootReport, SystemDataUsage } from "../../src/api/types.ts";
import { toContainerSummary } from "../containers/container-summary.ts";
import type { ContainerIndex } from "../containers/container-index.ts";
import type { ContainerRecord } from "../containers/container-record.ts";
import type { ImageStore } from "../images/image-store.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { EngineNotes } from "../events/engine-notes.ts";
import type { ContainerNetworkState } from "../networks/network-settings.ts";
import { streamEvents } from "../events/event-stream.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import { systemInfo, systemVersion, type SystemFacts } from "../system-info.ts";
import type { AgentInfo } from "../vm/agent-client.ts";

export type SystemOperationName = "engineStart" | "engineGuestPanic" | "engineNotes" | "engineReset" | Exclude<Extract<keyof EngineApi, `system${string}`>, "systemAuth">;

export interface SystemHandlerDependencies {
  /** Starts the engine once; later calls join the first. `memoryBytes` sizes the guests booted from then on. */
  start(progress: (update: BootProgress) => void, memoryBytes?: number): Promise<BootReport>;
  containers: ContainerIndex;
  images: ImageStore;
  guestInfo(): Promise<AgentInfo>;
  v86Version(): string;
  imageSummaries: EngineApi["imageList"];
  /** A container's endpoints and published ports while it runs. */
  networkState(record: ContainerRecord): ContainerNetworkState;
  /** The bytes a container's writable layer takes in the engine's storage. */
  layerSize(id: string): Promise<number>;
  /** Where the writable layers are kept. */
  layerStore: string;
  events: EventBus;
  notes: EngineNotes;
  /** Present only where the host enables test hooks. */
  panicGuest?: () => Promise<void>;
  /** Erases everything the engine keeps; absent where the host cannot (the data is then removed by hand). */
  eraseStorage?: () => Promise<void>;
}

export function systemHandlers(deps: SystemHandlerDependencies): Pick<EngineApi, SystemOperationName> {
  const facts = async (): Promise<SystemFacts> => {
    await deps.start(() => undefined);
    const containers = deps.containers.list();
    const count = (status: string) => containers.filter((record) => record.state.Status === status).length;
    return {
      agent: await deps.guestInfo(),
      v86Version: deps.v86Version(),
      containers: { running: count("running") + count("restarting"), paused: count("paused"), stopped: containers.length - count("running") - count("restarting") - count("paused"), total: containers.length },
      images: deps.images.list().length,
      layerStore: deps.layerStore,
    };
  };
  return {
    async engineStart(request, sink) {
      const problem = request.memory === undefined ? undefined : guestMemoryProblem(request.memory);
      if (problem) throw new EngineError("invalid", problem);
      const stream = new EngineStream<BootReport>();
      deps.start((update) => void Promise.resolve(sink.report(update)).catch(() => undefined), request.memory).then(
        (report) => stream.end(report),
        (error: unknown) => stream.fail(error),
      );
      return stream;
    },
    async engineGuestPanic() {
      if (!deps.panicGuest) throw new EngineError("forbidden", "the guest panic is a test hook, and test hooks are off");
      await deps.panicGuest();
    },
    async engineReset() {
      if (!deps.eraseStorage) throw new EngineError("not-implemented", "this engine cannot erase its own data: remove its data directory instead");
      await deps.eraseStorage();
    },
    async systemPing() {
      return "OK";
    },
    // Events need no guest: a client may listen before the engine has started.
    async engineNotes(_request, sink) {
      return deps.notes.follow(sink);
    },
    async systemEvents(request, sink) {
      return streamEvents(deps.events, request, sink);
    },
    async systemVersion() {
      return systemVersion(await facts());
    },
    async systemInfo() {
      return systemInfo(await facts());
    },
    async systemDataUsage(): Promise<SystemDataUsage> {
      await deps.start(() => undefined);
      const images = await deps.imageSummaries({});
      const layers = new Map(deps.images.list().flatMap((image) => image.layers.map((layer) => [layer.diffId, layer.unpackedSize ?? 0] as const)));
      const now = Date.now();
      return {
        LayersSize: [...layers.values()].reduce((sum, size) => sum + size, 0),
        Images: images,
        Containers: await Promise.all(
          deps.containers.list().map(async (record) => ({ ...toContainerSummary(record, now, deps.networkState(record)), SizeRw: await deps.layerSize(record.id), SizeRootFs: 0 })),
        ),
        Volumes: [],
        BuildCache: [],
      };
    },
  };
}
