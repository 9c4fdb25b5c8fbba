// Helpers for integration tests that boot the real guest (public/guest) under Node.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { ImageIndex, ImageManifest } from "../../worker/images/oci-types.ts";
import { applyLayers } from "../../worker/rootfs/apply-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import type { RootfsTree } from "../../worker/rootfs/tree.ts";
import type { AgentClient, AgentExit, OutputStreamId } from "../../worker/vm/agent-client.ts";
import type { GuestManifest } from "../../worker/vm/guest-vm.ts";
import { loadNodeV86Runtime, nodeAssetLoader } from "../../worker/vm/node-v86.ts";
import type { V86Runtime } from "../../worker/vm/v86-surface.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The guest build under test: public/guest, or another build's output named by BERTH_GUEST_DIR. */
export const guestDirectory = process.env.BERTH_GUEST_DIR ?? join(repoRoot, "public", "guest");
const busyboxLayout = join(repoRoot, "public", "images", "busybox");

export const guestImageAvailable = existsSync(join(guestDirectory, "manifest.json"));

export async function guestVmInputs(): Promise<{
  manifest: GuestManifest;
  loadAsset: (name: string) => Promise<ArrayBuffer>;
  runtime: V86Runtime;
}> {
  const manifest = JSON.parse(readFileSync(join(guestDirectory, "manifest.json"), "utf8")) as GuestManifest;
  return { manifest, loadAsset: nodeAssetLoader(guestDirectory), runtime: await loadNodeV86Runtime() };
}

/** The default busybox image (public/images/busybox), flattened by worker/rootfs. */
export function busyboxRootfs(): RootfsTree {
  const blob = (digest: string) => readFileSync(join(busyboxLayout, "blobs", ...digest.split(":")));
  const index = JSON.parse(readFileSync(join(busyboxLayout, "index.json"), "utf8")) as ImageIndex;
  const manifest = JSON.parse(blob(index.manifests[0]!.digest).toString("utf8")) as ImageManifest;
  return applyLayers(manifest.layers.map((layer) => readTar(new Uint8Array(gunzipSync(blob(layer.digest))))));
}

const CAPABILITIES = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETGID", "CAP_SETUID"];

/** An OCI runtime-spec `process` object, for config.json and for EXEC. */
export function ociProcess(options: { args: string[]; tty?: boolean; env?: string[] }) {
  return {
    terminal: options.tty ?? false,
    user: { uid: 0, gid: 0 },
    args: options.args,
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", ...(options.env ?? [])],
    cwd: "/",
    capabilities: { bounding: CAPABILITIES, effective: CAPABILITIES, permitted: CAPABILITIES },
  };
}

/** A minimal OCI runtime config for a test container (the production generator is in worker/containers). */
export function ociConfig(options: {
  args: string[];
  hostname: string;
  tty?: boolean;
  cgroup: string;
  memoryLimit?: number;
  pidsLimit?: number;
  extraMounts?: { destination: string; type: string; source: string; options: string[] }[];
  /** A network namespace to join (e.g. the agent's /run/berth/<id>/netns), or "host" for none of
   * the container's own; by default crun makes a new one. */
  netns?: string;
}): string {
  const network = options.netns === undefined ? [{ type: "network" }] : options.netns === "host" ? [] : [{ type: "network", path: options.netns }];
  const resources = {
    ...(options.memoryLimit === undefined ? {} : { memory: { limit: options.memoryLimit } }),
    ...(options.pidsLimit === undefined ? {} : { pids: { limit: options.pidsLimit } }),
  };
  return JSON.stringify({
    ociVersion: "1.0.2",
    process: ociProcess({ args: options.args, tty: options.tty, env: [`HOSTNAME=${options.hostname}`] }),
    root: { path: "rootfs", readonly: false },
    hostname: options.hostname,
    mounts: [
      { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
      { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
      { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
      { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
      ...(options.extraMounts ?? []),
    ],
    linux: {
      namespaces: [{ type: "pid" }, { type: "mount" }, { type: "uts" }, { type: "ipc" }, ...network],
      cgroupsPath: options.cgroup,
      resources,
    },
  });
}

export interface ContainerRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Streams whose EOF arrived before EXIT, in arrival order. */
  eofs: number[];
}

let nextHandleNumber = 1;
let nextContainer = 1;
let nextProcess = 1;

/** A stdio handle no other test uses. */
export function newHandle(): number {
  return nextHandleNumber++;
}

/** A fresh container id (hex-like, 24 characters). */
export function newContainerId(): string {
  return `c${String(nextContainer++).padStart(11, "0")}abcdef`;
}

/** A process id for EXEC or a copy helper that no other test uses. */
export function newProcessId(prefix: string): string {
  return `${prefix}-${nextProcess++}`;
}

/** Collects one handle's output as text (and raw bytes) until detached. */
export class OutputCollector {
  readonly text: Record<OutputStreamId, string> = { 1: "", 2: "" };
  readonly chunks: Record<OutputStreamId, Uint8Array[]> = { 1: [], 2: [] };
  readonly eofs: OutputStreamId[] = [];
  readonly detach: () => void;
  readonly #decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  #waiters: (() => void)[] = [];

  constructor(agent: AgentClient, readonly handle: number = newHandle()) {
    this.detach = agent.attachOutput(handle, {
      data: (stream, bytes) => {
        this.chunks[stream].push(bytes.slice());
        this.text[stream] += this.#decoders[stream].decode(bytes, { stream: true });
        this.#wake();
      },
      eof: (stream) => {
        this.eofs.push(stream);
        this.#wake();
      },
    });
  }

  get stdout(): string {
    return this.text[1];
  }

  get stderr(): string {
    return this.text[2];
  }

  /** stdout's bytes joined. */
  stdoutBytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks[1]));
  }

  /** Resolves once `test` holds for the collected output; rejects after `timeoutMs`. */
  async until(test: (collector: OutputCollector) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this)) {
      if (Date.now() > deadline) throw new Error(`output condition not met; stdout so far: ${JSON.stringify(this.stdout.slice(-200))}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The next EXIT event of one process ("" = the init); subscribe before the request that could cause it. */
export function nextExit(agent: AgentClient, containerId: string, processId = ""): Promise<AgentExit> {
  return new Promise((resolve) => {
    const unsubscribe = agent.onExit((exit) => {
      if (exit.containerId !== containerId || exit.processId !== processId) return;
      unsubscribe();
      resolve(exit);
    });
  });
}

/**
 * Creates, starts and waits for one container on `rootfs`, then deletes it. `input` is written to
 * stdin after START (and stdin closed afterwards unless it is a tty session).
 */
export async function runContainer(
  agent: AgentClient,
  rootfs: string,
  options: { args: string[]; tty?: boolean; input?: string; id?: string },
): Promise<ContainerRun> {
  const id = options.id ?? newContainerId();
  const output = new OutputCollector(agent);
  const exited = nextExit(agent, id);
  try {
    await agent.create({
      id,
      rootfs,
      configJson: ociConfig({ args: options.args, hostname: id.slice(0, 12), tty: options.tty, cgroup: `/berth/${id}` }),
    });
    try {
      await agent.start({ id, handle: output.handle, tty: options.tty ?? false, stdinOpen: options.input !== undefined });
    } catch (error) {
      await agent.delete(id);
      throw error;
    }
    if (options.input !== undefined) {
      await agent.writeStdin(output.handle, new TextEncoder().encode(options.input));
      if (!options.tty) await agent.closeStdin(output.handle);
    }
    const { exitCode } = await exited;
    await agent.delete(id);
    return { stdout: output.stdout, stderr: output.stderr, exitCode, eofs: output.eofs };
  } finally {
    output.detach();
  }
}

/** Runs an EXEC process to its end: output, exit code. */
export async function execToEnd(
  agent: AgentClient,
  id: string,
  args: string[],
  options: { input?: string; tty?: boolean } = {},
): Promise<{ stdout: string; stderr: string; exit: AgentExit; eofs: number[] }> {
  const processId = newProcessId("exec");
  const output = new OutputCollector(agent);
  const exited = nextExit(agent, id, processId);
  try {
    await agent.exec({
      id,
      processId,
      handle: output.handle,
      processJson: JSON.stringify(ociProcess({ args, tty: options.tty })),
      tty: options.tty ?? false,
      stdinOpen: options.input !== undefined,
    });
    if (options.input !== undefined) {
      await agent.writeStdin(output.handle, new TextEncoder().encode(options.input));
      if (!options.tty) await agent.closeStdin(output.handle);
    }
    const exit = await exited;
    return { stdout: output.stdout, stderr: output.stderr, exit, eofs: [...output.eofs] };
  } finally {
    output.detach();
  }
}
