// The composition root: wires the image, container and VM layers together and implements the
// Engine API. Browser- or Node-specific parts (file access, v86 loading, snapshot storage) come in
// through EngineHost.

import type { AttachParams, EngineApi, OutputSink, ProgressSink } from "../src/api/engine-api.ts";
import { EngineError, isEngineError } from "../src/api/errors.ts";
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
} from "../src/api/types.ts";
import { ContainerService, type GuestSession } from "./containers/container-service.ts";
import { loadEmbeddedImages } from "./images/embedded-images.ts";
import { GuestImageCache } from "./images/guest-image-cache.ts";
import { InMemoryImageStore, toImageSummary } from "./images/image-store.ts";
import { LayerStore } from "./images/layer-store.ts";
import type { ReadBlob } from "./images/oci-layout.ts";
import type { SnapshotStore } from "./snapshots/snapshot-store.ts";
import { systemInfo, systemVersion, type SystemFacts } from "./system-info.ts";
import type { AgentInfo } from "./vm/agent-client.ts";
import { GuestVm, type GuestManifest } from "./vm/guest-vm.ts";
import type { V86Runtime } from "./vm/v86-surface.ts";

export interface EngineHost {
  /** Reads a file by its path below the site root ("guest/manifest.json", "images/…"). */
  readSiteFile: ReadBlob;
  loadV86Runtime(): Promise<V86Runtime>;
  snapshots: SnapshotStore;
}

const guestManifestPath = "guest/manifest.json";

interface RunningGuest extends GuestSession {
  vm: GuestVm;
  info: AgentInfo;
}

export class Engine implements EngineApi {
  readonly #images = new InMemoryImageStore();
  readonly #layers = new LayerStore();
  readonly #guestImages = new GuestImageCache(this.#layers);
  readonly #containers = new ContainerService(this.#images, this.#guestImages, () => this.#guestSession());
  #started: Promise<BootReport> | undefined;
  #guest: Promise<RunningGuest> | undefined;
  #runtime: V86Runtime | undefined;

  constructor(private readonly host: EngineHost) {}

  start(progress?: ProgressSink): Promise<BootReport> {
    this.#started ??= this.#startOnce(progress).catch((error: unknown) => {
      this.#started = undefined;
      throw startFailure(error);
    });
    return this.#started;
  }

  async ping(): Promise<"OK"> {
    return "OK";
  }

  async version(): Promise<SystemVersion> {
    return systemVersion(await this.#facts());
  }

  async info(): Promise<SystemInfo> {
    return systemInfo(await this.#facts());
  }

  async containerCreate(params: { name?: string; body: ContainerCreateRequest }): Promise<ContainerCreateResponse> {
    await this.start();
    return this.#containers.create(params.name, params.body);
  }

  async containerAttach(params: AttachParams, sink: OutputSink): Promise<void> {
    this.#containers.attach(params, sink);
  }

  async containerStart(params: { id: string }): Promise<void> {
    await this.#containers.start(params.id);
  }

  containerWait(params: { id: string }): Promise<ContainerWaitResponse> {
    return this.#containers.wait(params.id);
  }

  containerWriteStdin(params: { id: string; data: Uint8Array }): Promise<void> {
    return this.#containers.writeStdin(params.id, params.data);
  }

  containerCloseStdin(params: { id: string }): Promise<void> {
    return this.#containers.closeStdin(params.id);
  }

  containerResize(params: { id: string; h: number; w: number }): Promise<void> {
    return this.#containers.resize(params.id, params.h, params.w);
  }

  containerKill(params: { id: string; signal?: string }): Promise<void> {
    return this.#containers.kill(params.id, params.signal);
  }

  containerDelete(params: { id: string; force?: boolean }): Promise<void> {
    return this.#containers.remove(params.id, Boolean(params.force));
  }

  async containerList(params: { all?: boolean }): Promise<ContainerSummary[]> {
    return this.#containers.list(Boolean(params.all));
  }

  async imageList(): Promise<ImageSummary[]> {
    return this.#images.list().map((record) => ({
      ...toImageSummary(record),
      Containers: this.#containers.records.list().filter((container) => container.imageId === record.id).length,
    }));
  }

  // Image management: wired up in the pull work (see worker/images/).
  imagePull(): Promise<void> {
    throw new EngineError("not-implemented", "docker pull is not available yet");
  }
  imageInspect(): Promise<never> {
    throw new EngineError("not-implemented", "not available yet");
  }
  imageHistory(): Promise<never> {
    throw new EngineError("not-implemented", "not available yet");
  }
  imageTag(): Promise<void> {
    throw new EngineError("not-implemented", "not available yet");
  }
  imageDelete(): Promise<never> {
    throw new EngineError("not-implemented", "not available yet");
  }
  imagePrune(): Promise<never> {
    throw new EngineError("not-implemented", "not available yet");
  }
  systemDataUsage(): Promise<never> {
    throw new EngineError("not-implemented", "not available yet");
  }

  async #startOnce(progress?: ProgressSink): Promise<BootReport> {
    const report = (update: BootProgress) => void Promise.resolve(progress?.report(update)).catch(() => undefined);
    const embeddedImages = loadEmbeddedImages(this.host.readSiteFile, this.#images, this.#layers);
    const guest = this.#bootGuest(report);
    this.#guest = guest;
    const [booted] = await Promise.all([guest, embeddedImages]);
    return booted.report;
  }

  async #bootGuest(report: (update: BootProgress) => void): Promise<RunningGuest & { report: BootReport }> {
    this.#runtime ??= await this.host.loadV86Runtime();
    const manifest = JSON.parse(new TextDecoder().decode(await this.host.readSiteFile(guestManifestPath))) as GuestManifest;
    const vm = new GuestVm({
      manifest,
      runtime: this.#runtime,
      loadAsset: async (name) => {
        const bytes = await this.host.readSiteFile(`guest/${name}`);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    });
    const key = vm.snapshotKey();
    const saved = await this.host.snapshots.load().catch(() => undefined);
    if (saved && saved.key !== key) await this.host.snapshots.discard();
    const boot = await vm.boot({ snapshot: saved?.key === key ? saved.state : undefined, onProgress: report });
    if (boot.report.path === "cold-boot") {
      const state = await vm.saveSnapshot();
      void this.host.snapshots.save({ key, state }).catch((error: unknown) => console.warn("berth: could not keep the VM snapshot:", error));
    }
    vm.onCrash(() => void this.#onGuestLost(vm));
    boot.agent.onExit((containerId, code) => this.#containers.onTaskExit(containerId, code));
    const info = await boot.agent.info();
    return { vm, agent: boot.agent, files: boot.files, info, report: boot.report };
  }

  /** The running guest, booting a new one (from the snapshot) if the last one was lost. */
  #guestSession(): Promise<GuestSession> {
    this.#guest ??= this.#bootGuest(() => undefined);
    return this.#guest;
  }

  async #onGuestLost(vm: GuestVm): Promise<void> {
    this.#guest = undefined;
    this.#guestImages.forgetGuest();
    this.#containers.onGuestLost();
    await vm.dispose();
  }

  async #facts(): Promise<SystemFacts> {
    await this.start();
    const guest = (await this.#guestSession()) as RunningGuest;
    const containers = this.#containers.records.list();
    const running = containers.filter((record) => record.state === "running").length;
    return {
      agent: guest.info,
      v86Version: this.#runtime?.version ?? "unknown",
      containers: { running, stopped: containers.length - running, total: containers.length },
      images: this.#images.list().length,
    };
  }
}

/** Keeps an EngineError as it is; anything else means the guest could not come up. */
function startFailure(error: unknown): EngineError {
  if (isEngineError(error)) return error;
  return new EngineError("unavailable", `the guest failed to start: ${error instanceof Error ? error.message : String(error)}`);
}
