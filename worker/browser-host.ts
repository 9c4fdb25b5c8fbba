// The engine's host inside a browser Web Worker: files come from the site by fetch, v86 from the
// bundle; snapshots, image, container and network records, logs, layer blobs and the workspace go to IndexedDB; registries are reached
// through the site's registry proxy.

import { V86 } from "v86";
import v86WasmUrl from "v86/build/v86.wasm?url";
import v86Package from "v86/package.json";
import { IndexedDbContentStore } from "./content/indexeddb-content-store.ts";
import type { EngineApi } from "../src/api/engine-api.ts";
import type { ContainerRecord } from "./containers/container-record.ts";
import { createEngine } from "./engine.ts";
import { fetchReader } from "./images/fetch-reader.ts";
import type { ImageRecord } from "./images/image-store.ts";
import { IndexedDbContainerLogStore } from "./logs/indexeddb-log-store.ts";
import { eraseIndexedDb } from "./metadata/indexeddb-erase.ts";
import { IndexedDbRecordStore } from "./metadata/indexeddb-record-store.ts";
import type { NetworkRecord } from "./networks/network-record.ts";
import type { CredentialRecord } from "./remotes/credential-store.ts";
import { failingOffline } from "./remotes/offline-fetch.ts";
import { storageManagerBudget } from "./images/storage-budget.ts";
import { IndexedDbSnapshotStore } from "./snapshots/indexeddb-snapshot-store.ts";
import { IndexedDbDiskChunkStore } from "./disks/indexeddb-disk-chunk-store.ts";
import type { EgressHost } from "./networks/egress-relay.ts";
import { WispClient, type WebSocketLike } from "./networks/wisp-client.ts";
import { threadedUnpacker } from "./unpack/threaded-unpacker.ts";
import type { V86Constructor } from "./vm/v86-surface.ts";
import { IndexedDbWorkspaceStore } from "./workspace/indexeddb-workspace-store.ts";

/** Containers' connections leave through the proxy's relay at /egress (WISP over a WebSocket). */
function relayEgressHost(siteRoot: URL): EgressHost {
  const relay = new URL("egress", siteRoot);
  const socketUrl = relay.href.replace(/^http/, "ws");
  return {
    connector: new WispClient(() => new WebSocket(socketUrl) as unknown as WebSocketLike),
    async ports() {
      const response = await fetch(relay, { cache: "no-store" });
      if (!response.ok) throw new Error(`GET ${relay.pathname}: ${response.status}`);
      return ((await response.json()) as { ports: number[] }).ports;
    },
  };
}

/** The registry a proxy address is for ("/registry/127.0.0.1:5000/v2/…" → "127.0.0.1"), as Go's lookup names it. */
function registryHostOf(url: URL): string {
  const domain = /^\/registry\/([^/]+)/.exec(url.pathname)?.[1];
  return domain === undefined ? url.hostname : new URL(`http://${domain}`).hostname;
}

export function createBrowserEngine(): EngineApi {
  const siteRoot = new URL("/", self.location.href);
  return createEngine({
    readSiteFile: fetchReader(siteRoot),
    snapshots: new IndexedDbSnapshotStore(),
    content: new IndexedDbContentStore(),
    imageMetadata: new IndexedDbRecordStore<ImageRecord>("berth-images", "images"),
    containerMetadata: new IndexedDbRecordStore<ContainerRecord>("berth-containers", "containers"),
    networkMetadata: new IndexedDbRecordStore<NetworkRecord>("berth-networks", "networks"),
    logins: new IndexedDbRecordStore<CredentialRecord>("berth-logins", "logins"),
    logs: new IndexedDbContainerLogStore(),
    layerDisks: new IndexedDbDiskChunkStore(),
    workspace: new IndexedDbWorkspaceStore(),
    registryEndpoint: (domain) => new URL(`registry/${domain}`, siteRoot).href,
    egress: relayEgressHost(siteRoot),
    // Without credentials the browser never answers a registry's Basic challenge with a login
    // dialog of its own: the engine answers it, with the login `docker login` kept.
    // Offline, a request fails at once with Docker's kind of message, not after retries.
    registryFetch: failingOffline((input, init) => fetch(input, { ...init, credentials: "omit" }), () => self.navigator.onLine, registryHostOf),
    storage: storageManagerBudget(self.navigator.storage),
    eraseStorage: () => eraseIndexedDb(self.indexedDB),
    // The page names its worker "berth-engine test-hooks" when it is opened for the end-to-end tests.
    testHooks: self.name.split(" ").includes("test-hooks"),
    unpackLayer: threadedUnpacker(() => new Worker(new URL("./unpack/unpack-worker.ts", import.meta.url), { type: "module" })),
    async loadV86Runtime() {
      return {
        V86: V86 as unknown as V86Constructor,
        wasm: await WebAssembly.compileStreaming(fetch(v86WasmUrl)),
        version: v86Package.version,
      };
    },
  });
}
