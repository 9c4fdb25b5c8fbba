// Helpers for integration tests that boot the real guest (public/guest) under Node.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { ImageIndex, ImageManifest } from "../../worker/images/oci-types.ts";
import { applyLayers } from "../../worker/rootfs/apply-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import type { RootfsTree } from "../../worker/rootfs/tree.ts";
import type { AgentClient } from "../../worker/vm/agent-client.ts";
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

/** A minimal OCI runtime config for a test container (the production generator is in worker/containers). */
export function ociConfig(options: { args: string[]; hostname: string; tty?: boolean; cgroup: string }): string {
  return JSON.stringify({
    ociVersion: "1.0.2",
    process: {
      terminal: options.tty ?? false,
      user: { uid: 0, gid: 0 },
      args: options.args,
      env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", `HOSTNAME=${options.hostname}`],
      cwd: "/",
      capabilities: {
        bounding: ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETGID", "CAP_SETUID"],
        effective: ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETGID", "CAP_SETUID"],
        permitted: ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETGID", "CAP_SETUID"],
      },
    },
    root: { path: "rootfs", readonly: false },
    hostname: options.hostname,
    mounts: [
      { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
      { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
      { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
      { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
    ],
    linux: {
      namespaces: [{ type: "pid" }, { type: "mount" }, { type: "uts" }, { type: "ipc" }, { type: "network" }],
      cgroupsPath: options.cgroup,
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

let nextHandle = 1;
let nextContainer = 1;

/**
 * Creates, starts and waits for one container on `rootfs`, then deletes it. `input` is written to
 * stdin after START (and stdin closed afterwards unless it is a tty session).
 */
export async function runContainer(
  agent: AgentClient,
  rootfs: string,
  options: { args: string[]; tty?: boolean; input?: string; id?: string },
): Promise<ContainerRun> {
  const id = options.id ?? `c${String(nextContainer++).padStart(11, "0")}abcdef`;
  const handle = nextHandle++;
  const decoder = { 1: new TextDecoder(), 2: new TextDecoder() };
  const output = { 1: "", 2: "" };
  const eofs: number[] = [];
  const detach = agent.attachOutput(handle, {
    data: (stream, bytes) => (output[stream] += decoder[stream].decode(bytes, { stream: true })),
    eof: (stream) => eofs.push(stream),
  });
  const exited = new Promise<number>((resolve) => {
    const unsubscribe = agent.onExit((containerId, code) => {
      if (containerId !== id) return;
      unsubscribe();
      resolve(code);
    });
  });
  try {
    await agent.create({
      id,
      handle,
      rootfs,
      configJson: ociConfig({ args: options.args, hostname: id.slice(0, 12), tty: options.tty, cgroup: `/berth/${id}` }),
      tty: options.tty ?? false,
      stdinOpen: options.input !== undefined,
    });
    await agent.start(id);
    if (options.input !== undefined) {
      await agent.writeStdin(handle, new TextEncoder().encode(options.input));
      if (!options.tty) await agent.closeStdin(handle);
    }
    const exitCode = await exited;
    await agent.delete(id);
    return { stdout: output[1], stderr: output[2], exitCode, eofs };
  } finally {
    detach();
  }
}
