// The composition root: builds the stores and services from what the host provides (files, v86,
// storage backends) and assembles the Engine API handlers from the system, container, network and
// image handler sets. Browser- or Node-specific parts come in through EngineHost.

import type { EngineApi } from "../src/api/engine-api.ts";
import { EngineError, isEngineError } from "../src/api/errors.ts";
import type { BootProgress, BootReport } from "../src/api/types.ts";
import { ContainerArchives } from "./containers/container-archive.ts";
import { ContainerEvents } from "./containers/container-events.ts";
import { ContainerIndex } from "./containers/container-index.ts";
import type { ContainerMetadataStore } from "./containers/container-record.ts";
import { ContainerService } from "./containers/container-service.ts";
import { ContainerSnapshots } from "./containers/container-snapshot.ts";
import { ExecService } from "./containers/exec-service.ts";
import { runStepContainer } from "./containers/step-container.ts";
import type { ContentStore } from "./content/content-store.ts";
import { EngineGuest } from "./engine-guest.ts";
import { EngineNotes } from "./events/engine-notes.ts";
import { EventBus } from "./events/event-bus.ts";
import { buildHandlers } from "./handlers/build-handlers.ts";
import { containerHandlers } from "./handlers/container-handlers.ts";
import { imageHandlers } from "./handlers/image-handlers.ts";
import { networkHandlers } from "./handlers/network-handlers.ts";
import { portHandlers } from "./handlers/port-handlers.ts";
import { registryHandlers } from "./handlers/registry-handlers.ts";
import { systemHandlers } from "./handlers/system-handlers.ts";
import { workspaceHandlers } from "./handlers/workspace-handlers.ts";
import { loadEmbeddedImages } from "./images/embedded-images.ts";
import { GuestImageCache } from "./images/guest-image-cache.ts";
import { ImageEvents } from "./images/image-events.ts";
import type { ImageMetadataStore } from "./images/image-metadata-store.ts";
import { ImageOperations } from "./images/image-operations.ts";
import { PersistedImageStore } from "./images/image-store.ts";
import { LayerStore } from "./images/layer-store.ts";
import type { ReadBlob } from "./images/oci-layout.ts";
import { commitLayer } from "./images/layer-commit.ts";
import { pullImage, type PullDependencies } from "./images/pull-image.ts";
import type { StorageBudget } from "./images/storage-budget.ts";
import { JitWarmup, endsWarmup } from "./jit-warmup.ts";
import type { ContainerLogStore } from "./logs/log-store.ts";
import { PortConnector } from "./networks/port-connection.ts";
import { PublishedPorts, type PortHost } from "./networks/published-ports.ts";
import { CredentialStore, type CredentialRecord } from "./remotes/credential-store.ts";
import { RegistryClient } from "./remotes/registry-client.ts";
import type { RecordStore } from "./metadata/record-store.ts";
import { ContainerNetworking } from "./networks/container-networking.ts";
import { dnsLookupFor, egressNames } from "./networks/dns-lookup.ts";
import { reachableServers } from "./networks/dns-forwarder.ts";
import { EgressAddresses } from "./networks/egress-addresses.ts";
import { relayEgress, type EgressHost } from "./networks/egress-relay.ts";
import { EmbeddedDns } from "./networks/embedded-dns.ts";
import { EndpointTable } from "./networks/endpoint-table.ts";
import { NetworkEvents } from "./networks/network-events.ts";
import { NetworkIndex } from "./networks/network-index.ts";
import type { NetworkMetadataStore } from "./networks/network-record.ts";
import { NetworkService } from "./networks/network-service.ts";
import type { SnapshotStore } from "./snapshots/snapshot-store.ts";
import { ChecksummedDiskChunkStore } from "./disks/checksummed-disk-chunk-store.ts";
import { DiskBus, defaultSlotBytes } from "./disks/disk-bus.ts";
import { DiskCorruptError, DiskFullError, type DiskChunkStore } from "./disks/disk-chunk-store.ts";
import { LayerDisks } from "./disks/layer-disks.ts";
import type { LayerUnpacker } from "./unpack/threaded-unpacker.ts";
import type { V86Runtime } from "./vm/v86-surface.ts";
import type { WorkspaceStore } from "./workspace/workspace-store.ts";

export interface EngineHost {
  /** Reads a file by its path below the site root ("guest/manifest.json", "images/…"). */
  readSiteFile: ReadBlob;
  loadV86Runtime(): Promise<V86Runtime>;
  snapshots: SnapshotStore;
  /** Layer blobs of pulled and embedded images. */
  content: ContentStore;
  /** Image records (names, configs, layer lists), kept across restarts. */
  imageMetadata: ImageMetadataStore;
  /** Container records, kept across restarts. */
  containerMetadata: ContainerMetadataStore;
  /** Network records (the predefined ones and those `docker network create` made), kept across restarts. */
  networkMetadata: NetworkMetadataStore;
  /** The logins `docker login` gave the engine, kept across restarts. */
  logins: RecordStore<CredentialRecord>;
  /** Containers' stdout and stderr, kept across restarts. */
  logs: ContainerLogStore;
  /** Containers' writable layers (their disks), kept until the containers are removed. */
  layerDisks: DiskChunkStore;
  /** The host's files (build contexts, archives to load): the browser's own in the page, a real directory under Node. */
  workspace: WorkspaceStore;
  /** Base URL whose /v2/… is the registry API of `domain` (in the browser: through the proxy). */
  registryEndpoint(domain: string): string;
  /** How registries (or the proxy) are fetched; default: the global fetch. */
  registryFetch?: typeof fetch;
  /** The storage left (the origin's quota in the browser, the file system under the daemon): checked before a pull, and each container's room. */
  storage?: StorageBudget;
  /** Decompresses and verifies layers; by default on the engine's own thread. */
  unpackLayer?: LayerUnpacker;
  /** Enables operations that exist for tests only (the guest panic). */
  testHooks?: boolean;
  /** Serves published ports outside the engine (the daemon's TCP listeners); the page has none. */
  portHost?: PortHost;
  /** Erases every store above, for "Reset all data" (the page's IndexedDB); absent where the host has no such reset. */
  eraseStorage?: () => Promise<void>;
  /** Lets containers' connections out (the proxy's relay in the page, Node sockets under the daemon); without it they have none. */
  egress?: EgressHost;
}

/** The image the JIT warm-up runs `true` in (the embedded default image), and how many times. */
const warmupImageTag = "docker.io/library/busybox:latest";
const warmupRuns = 10;

/** How much unpacked image data the engine prepares in the guest on its own after start-up. */
const backgroundUnpackBudgetBytes = 512 * 1024 * 1024;

export function createEngine(host: EngineHost): EngineApi {
  const events = new EventBus();
  const notes = new EngineNotes();
  const images = new PersistedImageStore(host.imageMetadata);
  const imageEvents = new ImageEvents(events, images);
  const layers = new LayerStore(host.content, host.unpackLayer);
  const registry = new RegistryClient({ endpointFor: (domain) => host.registryEndpoint(domain), ...(host.registryFetch ? { fetch: host.registryFetch } : {}) });
  const logins = new CredentialStore(host.logins);
  const guestImages = new GuestImageCache(layers);
  const index = new ContainerIndex(host.containerMetadata);
  const networkIndex = new NetworkIndex(host.networkMetadata);
  const endpoints = new EndpointTable();
  /** The one table of published ports: container starts claim in it, the port relays look connections up in it. */
  const publishedPorts = new PublishedPorts(host.portHost);
  const networkEvents = new NetworkEvents(events);
  const egressAddresses = new EgressAddresses();
  // Asked once, while the guest boots: every guest session (a restart too) opens the same ports.
  const egressPorts = host.egress?.ports().catch((error: unknown) => {
    console.warn("berth: the egress relay did not say its ports; containers get 80 and 443:", error);
    return [80, 443];
  });
  const dns = new EmbeddedDns((containerId) => {
    const names = dnsLookupFor(
      { endpoints, network: (id) => networkIndex.get(id), dnsNames: (id, networkName) => index.get(id)?.networks?.[networkName]?.DNSNames ?? [] },
      containerId,
    );
    const servers = () => reachableServers(index.get(containerId)?.hostConfig.Dns ?? [], endpoints.ofContainer(containerId));
    // Asked at each query: `docker network connect` and `disconnect` change the container's way out.
    const outside = egressNames((name) => egressAddresses.addressOf(name), () => networking.hasWayOut(containerId));
    return { names, servers, ...(host.egress ? { outside } : {}) };
  });
  const networking: ContainerNetworking = new ContainerNetworking({ networks: networkIndex, endpoints, ports: publishedPorts, events: networkEvents, dns });
  let containers!: ContainerService;
  let archives!: ContainerArchives;
  // Every chunk is checked against a checksum stored with it, so a corrupted layer is found, not mounted.
  const layerDiskStore = new ChecksummedDiskChunkStore(host.layerDisks, defaultSlotBytes / host.layerDisks.chunkBytes);
  // A full store takes the container's room; a corrupted chunk (met reading or merging a commit) kills it.
  const onLayerStoreError = (what: string) => (disk: string, error: Error) => {
    console.warn(`berth: the layer of container ${disk}: ${what}:`, error.message);
    if (error instanceof DiskFullError) void containers.layerStoreFull(disk);
    if (error instanceof DiskCorruptError) void containers.layerCorrupted(disk, error.message);
  };
  const layerDisks = new LayerDisks(
    new DiskBus(layerDiskStore, {
      slotBytes: defaultSlotBytes,
      onCommitError: onLayerStoreError("changes not saved yet"),
      onReadError: onLayerStoreError("could not read it"),
    }),
    layerDiskStore,
    async () => {
      const estimate = await host.storage?.estimate();
      return estimate && estimate.quota - estimate.usage;
    },
  );
  const guest = new EngineGuest({
    disk: layerDisks.v86Disk,
    readSiteFile: host.readSiteFile,
    loadV86Runtime: host.loadV86Runtime,
    snapshots: host.snapshots,
    onExit: (event) => archives.onExit(event) || containers.onAgentExit(event),
    onSession: async (agent) => {
      if (!host.egress || !egressPorts) return;
      await agent.setEgressPorts(await egressPorts);
      relayEgress(agent, { addresses: egressAddresses, connector: host.egress.connector, note: (line) => notes.publish(line) });
    },
    onLost: (reason) => {
      guestImages.forgetGuest();
      containers.onGuestLost(reason);
    },
  });
  containers = new ContainerService(index, images, guestImages, host.logs, () => guest.session(), new ContainerEvents(events), networking, layerDisks);
  const networks = new NetworkService({
    networks: networkIndex,
    endpoints,
    networking,
    events: networkEvents,
    containers: {
      resolve: (idOrName) => index.resolve(idOrName),
      get: (id) => index.get(id),
      save: async (record) => {
        index.save(record);
        await index.settled();
      },
      runningAgent: (record) => {
        const task = containers.runtime(record).task;
        return task?.session.agent;
      },
    },
    guestAgent: async () => {
      return (await guest.current())?.agent;
    },
  });
  archives = new ContainerArchives(containers);
  const snapshots = new ContainerSnapshots(containers, archives, images, guestImages, { content: host.content, layers });
  const execs = new ExecService(containers, images, guestImages);
  const ports = new PortConnector({
    ports: publishedPorts,
    runningContainer(containerId) {
      const { task } = containers.runningTask(containerId);
      return { agent: task.session.agent, stopped: task.init.exited };
    },
  });
  const warmup = new JitWarmup(layerDisks);
  const operations = new ImageOperations({
    images,
    content: host.content,
    forgetLayersExcept: (diffIds) => layers.retainOnly(diffIds),
    containersUsing: (imageId) =>
      index
        .list()
        .filter((record) => record.imageId === imageId)
        .map((record) => ({ id: record.id, running: record.state.Running })),
    events: imageEvents,
  });

  let started: Promise<BootReport> | undefined;
  const start = (progress: (update: BootProgress) => void, memoryBytes?: number): Promise<BootReport> => {
    if (memoryBytes !== undefined) guest.configureMemory(memoryBytes / (1024 * 1024));
    started ??= startOnce(progress).catch((error: unknown) => {
      started = undefined;
      throw startFailure(error);
    });
    return started;
  };
  const startOnce = async (progress: (update: BootProgress) => void): Promise<BootReport> => {
    const stores = { content: host.content, images, layers };
    const embeddedImages = images.load().then(() => loadEmbeddedImages(host.readSiteFile, stores));
    const records = Promise.all([index.load(), networkIndex.load()]);
    const booted = guest.boot(progress);
    const [report] = await Promise.all([booted, embeddedImages, records]);
    containers.recover();
    void layerDisks.removeOrphans((id) => index.get(id) !== undefined).catch((error: unknown) => console.warn("berth: could not free the disks of removed containers:", error));
    void prepareImages()
      .then(warmUp)
      .catch((error: unknown) => console.warn("berth: JIT warm-up:", error));
    return report;
  };

  /** Warms v86's JIT with throwaway containers of the default image, once the guest holds it. */
  const warmUp = async (): Promise<void> => {
    const image = images.list().find((record) => record.repoTags.includes(warmupImageTag));
    const session = await guest.current();
    if (!image || !session || warmup.stopped) return;
    const rootfs = await guestImages.ensureInGuest(image, session.files).catch(() => undefined);
    if (!rootfs) return;
    await warmup.run(session, { config: image.config, rootfs, tree: await guestImages.tree(image) }, warmupRuns);
  };

  /**
   * Prepares stored images in the background once the engine is ready, smallest first and within
   * a memory budget: unpacks their layers, builds their trees and writes them into the guest, so
   * the first `docker run` of a cached image does not wait for that work. A run that needs an
   * image meanwhile joins the work under way. (Starting earlier would slow the guest's restore,
   * which shares this worker's thread.)
   */
  const prepareImages = async (): Promise<void> => {
    let budget = backgroundUnpackBudgetBytes;
    const chosen = [...images.list()].sort((a, b) => a.size - b.size).filter((image) => (budget -= image.size) >= 0);
    for (const image of chosen) await guestImages.tree(image).catch(() => undefined);
    const session = await guest.current();
    if (!session) return;
    for (const image of chosen) await guestImages.ensureInGuest(image, session.files).catch(() => undefined);
  };

  const ready = () => start(() => undefined);
  const guestInfo = async () => (await guest.session()).info;
  const pull: PullDependencies = {
    registry,
    content: host.content,
    layers,
    images,
    checkRootfs: async (record) => void (await guestImages.tree(record)),
    storage: host.storage,
    events: imageEvents,
    storedLogin: (domain) => logins.get(domain),
  };
  const image = imageHandlers({
    started: ready,
    images,
    operations,
    containers: index,
    pull,
    archives: { content: host.content, layers, images, checkRootfs: pull.checkRootfs, events: imageEvents },
    async forgetRemovedImages() {
      const session = await guest.current();
      for (const path of guestImages.forgetAllExcept(new Set(images.list().map((record) => record.id)))) await session?.files.remove(path);
    },
  });
  return {
    ...systemHandlers({
      start,
      containers: index,
      images,
      guestInfo,
      v86Version: () => guest.v86Version,
      imageSummaries: image.imageList,
      networkState: (record) => containers.networkState(record),
      layerSize: (id) => containers.layerSize(id),
      layerStore: host.layerDisks.location,
      events,
      notes,
      ...(host.eraseStorage ? { eraseStorage: host.eraseStorage } : {}),
      ...(host.testHooks ? { panicGuest: async () => void (await guest.session()).agent.panic().catch(() => undefined) } : {}),
    }),
    ...endsWarmup(containerHandlers({ started: ready, containers, execs, archives, snapshots, logs: host.logs, images, guestInfo }), warmup),
    ...image,
    ...networkHandlers({ started: ready, networks }),
    ...workspaceHandlers(host.workspace),
    ...portHandlers(ports),
    ...registryHandlers({
      started: ready,
      registry,
      logins,
      push: {
        images,
        content: host.content,
        pusher: (reference, credentials) => registry.pusher(reference, credentials),
        storedLogin: (domain) => logins.get(domain),
        events: imageEvents,
      },
    }),
    ...buildHandlers({
      started: ready,
      backend: {
        images,
        rootfs: (record) => guestImages.tree(record),
        commitLayer: (tar) => commitLayer(tar, { content: host.content, layers }),
        pull: (reference, progress) => pullImage(pull, { fromImage: reference }, progress),
        executor: {
          runStep: ({ parentImageId, config, command }, output) =>
            runStepContainer(containers, snapshots, { parentImageId, config, command, output, onCreated: (id) => output.started(id) }),
        },
      },
    }),
  };
}

/** Keeps an EngineError as it is; anything else means the guest could not come up. */
function startFailure(error: unknown): EngineError {
  if (isEngineError(error)) return error;
  return new EngineError("unavailable", `the guest failed to start: ${error instanceof Error ? error.message : String(error)}`);
}
