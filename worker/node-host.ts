// The engine's host under Node (`berth daemon`): files of the site come from the public folder, v86
// from node_modules, and every store keeps its state in a folder of its own below the state
// directory, so a restarted daemon finds its images, containers, logs and snapshot again; the
// workspace (the host's files as berth's own operations see them) is the folder workspace/ there.
// Registries are reached directly, as dockerd does: plain HTTP for loopback hosts (Docker treats
// them as insecure registries by default), HTTPS for any other. Published ports are real TCP
// listeners (node-port-host.ts) whose connections go through the engine's PortConnect; containers'
// outbound connections leave through this machine's sockets (node-egress-connector.ts).

import { join } from "node:path";
import type { EngineApi } from "../src/api/engine-api.ts";
import { canonicalHost } from "../src/proxy/registry-hosts.ts";
import { NodeFsContentStore } from "./content/node-fs-content-store.ts";
import type { ContainerRecord } from "./containers/container-record.ts";
import { createEngine } from "./engine.ts";
import type { ImageRecord } from "./images/image-store.ts";
import { nodeFileReader } from "./images/node-file-reader.ts";
import { NodeFsContainerLogStore } from "./logs/node-fs-log-store.ts";
import { NodeFsRecordStore } from "./metadata/node-fs-record-store.ts";
import type { NetworkRecord } from "./networks/network-record.ts";
import type { EgressMode } from "../src/host/daemon-options.ts";
import { createEgressPolicy, egressPorts } from "../src/proxy/egress/egress-policy.ts";
import { resolveAll } from "../src/proxy/egress/node-egress.ts";
import type { EgressHost } from "./networks/egress-relay.ts";
import { nodeEgressConnector, openEgressPolicy } from "./networks/node-egress-connector.ts";
import { NodePortHost } from "./node-port-host.ts";
import { NodeFsSnapshotStore } from "./snapshots/node-fs-snapshot-store.ts";
import { NodeFsDiskChunkStore } from "./disks/node-fs-disk-chunk-store.ts";
import { nodeStorageBudget } from "./node-storage-budget.ts";
import type { CredentialRecord } from "./remotes/credential-store.ts";
import { loadNodeV86Runtime } from "./vm/node-v86.ts";
import { NodeFsWorkspaceStore } from "./workspace/node-fs-workspace-store.ts";

export interface NodeEngineOptions {
  /** Where the engine keeps its state (`$BERTH_HOME`). */
  stateDirectory: string;
  /** The built site's public folder: guest/ and the embedded images/. */
  siteDirectory: string;
  testHooks?: boolean;
  /** Containers' outbound connections: by the relay's allowlist (the default) or to any host. */
  egress?: EgressMode;
  /** BERTH_ALLOW_EGRESS's host:port entries. */
  allowEgress?: string[];
}

export function createNodeEngine(options: NodeEngineOptions): EngineApi {
  const state = (name: string) => join(options.stateDirectory, name);
  const portHost = new NodePortHost((hostPort, sink) => engine.portConnect({ port: String(hostPort) }, sink));
  const engine = createEngine({
    readSiteFile: nodeFileReader(options.siteDirectory),
    loadV86Runtime: loadNodeV86Runtime,
    snapshots: new NodeFsSnapshotStore(state("snapshot.bin")),
    content: new NodeFsContentStore(state("content")),
    imageMetadata: new NodeFsRecordStore<ImageRecord>(state("images")),
    containerMetadata: new NodeFsRecordStore<ContainerRecord>(state("containers")),
    networkMetadata: new NodeFsRecordStore<NetworkRecord>(state("networks")),
    logins: new NodeFsRecordStore<CredentialRecord>(state("logins")),
    logs: new NodeFsContainerLogStore(state("logs")),
    layerDisks: new NodeFsDiskChunkStore(state("disks")),
    storage: nodeStorageBudget(options.stateDirectory),
    workspace: new NodeFsWorkspaceStore(state("workspace")),
    registryEndpoint: (domain) => `${isLoopbackDomain(domain) ? "http" : "https"}://${canonicalHost(domain) ?? domain}`,
    testHooks: options.testHooks,
    portHost,
    egress: nodeEgressHost(options.egress ?? "allowlist", options.allowEgress ?? []),
  });
  return engine;
}

/** Under the daemon, containers' connections leave through this machine's sockets. */
function nodeEgressHost(mode: EgressMode, allowEgress: string[]): EgressHost {
  const policy = mode === "open" ? openEgressPolicy : createEgressPolicy({ allowEgress, allowRegistries: [], resolve: resolveAll });
  const ports = egressPorts(allowEgress);
  return { connector: nodeEgressConnector(policy, (line) => console.warn(`berth: ${line}`)), ports: async () => ports };
}

function isLoopbackDomain(domain: string): boolean {
  const hostname = new URL(`http://${domain}`).hostname.replace(/^\[|\]$/g, "");
  return hostname === "localhost" || /^127\./.test(hostname) || hostname === "::1";
}
