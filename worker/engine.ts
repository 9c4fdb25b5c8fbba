// The composition root: wires the image, container and VM layers together and implements the
// Engine API. Browser- or Node-specific parts (file access, v86 loading, snapshot storage) come in
// through EngineHost.

import type { AttachParams, EngineApi, OutputSink, ProgressSink, PullProgressSink } from "../src/api/engine-api.ts";
import { EngineError, isEngineError } from "../src/api/errors.ts";
import type {
  BootProgress,
  BootReport,
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerSummary,
  ContainerWaitResponse,
  ImageDeleteResponseItem,
  ImageHistoryItem,
  ImageInspect,
  ImagePruneResponse,
  ImageSummary,
  SystemDataUsage,
  SystemInfo,
  SystemVersion,
} from "../src/api/types.ts";
import { ContainerService, type GuestSession } from "./containers/container-service.ts";
import { toContainerSummary } from "./containers/container-summary.ts";
import type { ContentStore } from "./content/content-store.ts";
import { loadEmbeddedImages } from "./images/embedded-images.ts";
import { GuestImageCache } from "./images/guest-image-cache.ts";
import type { ImageMetadataStore } from "./images/image-metadata-store.ts";
import { ImageOperations } from "./images/image-operations.ts";
import { PersistedImageStore, toImageSummary } from "./images/image-store.ts";
import { LayerStore } from "./images/layer-store.ts";
import { pullImage } from "./images/pull-image.ts";
import type { StorageBudget } from "./images/storage-budget.ts";
import { RegistryClient } from "./remotes/registry-client.ts";
import type { LayerUnpacker } from "./unpack/threaded-unpacker.ts";
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
  /** Layer blobs of pulled and embedded images. */
  content: ContentStore;
  /** Image records (names, configs, layer lists), kept across restarts. */
  imageMetadata: ImageMetadataStore;
  /** Base URL whose /v2/… is the registry API of `domain` (in the browser: through the proxy). */
  registryEndpoint(domain: string): string;
  /** The origin's storage quota, checked before a pull (absent where there is none). */
  storage?: StorageBudget;
  /** Decompresses and verifies layers; by default on the engine's own thread. */
  unpackLayer?: LayerUnpacker;
}

const guestManifestPath = "guest/manifest.json";
/** How much unpacked image data the engine prepares in the guest on its own after start-up. */
const backgroundUnpackBudgetBytes = 512 * 1024 * 1024;

interface RunningGuest extends GuestSession {
  vm: GuestVm;
  info: AgentInfo;
}

export class Engine implements EngineApi {
  readonly #images: PersistedImageStore;
  readonly #layers: LayerStore;
  readonly #registry: RegistryClient;
  readonly #imageOperations: ImageOperations;
  readonly #guestImages: GuestImageCache;
  readonly #containers: ContainerService;
  #started: Promise<BootReport> | undefined;
  #guest: Promise<RunningGuest> | undefined;
  #runtime: V86Runtime | undefined;

  constructor(private readonly host: EngineHost) {
    this.#images = new PersistedImageStore(host.imageMetadata);
    this.#layers = new LayerStore(host.content, host.unpackLayer);
    this.#registry = new RegistryClient({ endpointFor: (domain) => host.registryEndpoint(domain) });
    this.#guestImages = new GuestImageCache(this.#layers);
    this.#containers = new ContainerService(this.#images, this.#guestImages, () => this.#guestSession());
    this.#imageOperations = new ImageOperations({
      images: this.#images,
      content: host.content,
      forgetLayersExcept: (diffIds) => this.#layers.retainOnly(diffIds),
      containersUsing: (imageId) =>
        this.#containers.records
          .list()
          .filter((record) => record.imageId === imageId)
          .map((record) => ({ id: record.id, running: record.state === "running" })),
    });
  }

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

  async imagePull(params: { fromImage: string; tag?: string; platform?: string }, progress: PullProgressSink): Promise<void> {
    await this.start();
    await pullImage(
      {
        registry: this.#registry,
        content: this.host.content,
        layers: this.#layers,
        images: this.#images,
        checkRootfs: async (record) => void (await this.#guestImages.tree(record)),
        storage: this.host.storage,
      },
      params,
      progress,
    );
  }

  async imageInspect(params: { name: string }): Promise<ImageInspect> {
    await this.start();
    return this.#imageOperations.inspect(params.name);
  }

  async imageHistory(params: { name: string }): Promise<ImageHistoryItem[]> {
    await this.start();
    return this.#imageOperations.history(params.name);
  }

  async imageTag(params: { name: string; repo: string; tag?: string }): Promise<void> {
    await this.start();
    await this.#imageOperations.tag(params.name, params.repo, params.tag);
  }

  async imageDelete(params: { name: string; force?: boolean }): Promise<ImageDeleteResponseItem[]> {
    await this.start();
    const removed = await this.#imageOperations.remove(params.name, Boolean(params.force));
    await this.#forgetRemovedImages();
    return removed;
  }

  async imagePrune(params: { all?: boolean }): Promise<ImagePruneResponse> {
    await this.start();
    const pruned = await this.#imageOperations.prune(Boolean(params.all));
    await this.#forgetRemovedImages();
    return pruned;
  }

  async systemDataUsage(): Promise<SystemDataUsage> {
    await this.start();
    const images = await this.imageList();
    const layers = new Map(this.#images.list().flatMap((image) => image.layers.map((layer) => [layer.diffId, layer.unpackedSize ?? 0] as const)));
    const now = Date.now();
    return {
      LayersSize: [...layers.values()].reduce((sum, size) => sum + size, 0),
      Images: images,
      Containers: this.#containers.records.list().map((record) => ({ ...toContainerSummary(record, now), SizeRw: 0, SizeRootFs: 0 })),
      Volumes: [],
      BuildCache: [],
    };
  }

  /** Drops the trees (and guest copies) of images that are gone. */
  async #forgetRemovedImages(): Promise<void> {
    const guest = await this.#guest?.catch(() => undefined);
    for (const path of this.#guestImages.forgetAllExcept(new Set(this.#images.list().map((image) => image.id)))) {
      await guest?.files.remove(path);
    }
  }

  async #startOnce(progress?: ProgressSink): Promise<BootReport> {
    const report = (update: BootProgress) => void Promise.resolve(progress?.report(update)).catch(() => undefined);
    const stores = { content: this.host.content, images: this.#images, layers: this.#layers };
    const embeddedImages = this.#images.load().then(() => loadEmbeddedImages(this.host.readSiteFile, stores));
    const guest = this.#bootGuest(report);
    this.#guest = guest;
    const [booted] = await Promise.all([guest, embeddedImages]);
    void this.#prepareImages(guest);
    return booted.report;
  }

  /**
   * Prepares stored images in the background once the engine is ready, smallest first and within
   * a memory budget: unpacks their layers, builds their trees and writes them into the guest, so
   * the first `docker run` of a cached image does not wait for that work. A run that needs an
   * image meanwhile joins the work under way. (Starting earlier would slow the guest's restore,
   * which shares this worker's thread.)
   */
  async #prepareImages(guest: Promise<GuestSession>): Promise<void> {
    let budget = backgroundUnpackBudgetBytes;
    const images = [...this.#images.list()].sort((a, b) => a.size - b.size).filter((image) => (budget -= image.size) >= 0);
    for (const image of images) await this.#guestImages.tree(image).catch(() => undefined);
    const session = await guest.catch(() => undefined);
    if (!session) return;
    for (const image of images) await this.#guestImages.ensureInGuest(image, session.files).catch(() => undefined);
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
    boot.agent.onExit((exit) => {
      if (exit.processId === "") this.#containers.onTaskExit(exit.containerId, exit.exitCode);
    });
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
