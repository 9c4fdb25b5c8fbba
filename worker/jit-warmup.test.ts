import { describe, expect, it } from "vitest";
import type { EngineApi } from "../src/api/engine-api.ts";
import type { GuestSession } from "./containers/task.ts";
import { JitWarmup, endsWarmup, type WarmupImage } from "./jit-warmup.ts";
import type { AgentExit } from "./vm/agent-client.ts";
import { createRootfsTree } from "./rootfs/tree.ts";
import { DiskBus } from "./disks/disk-bus.ts";
import { LayerDisks } from "./disks/layer-disks.ts";
import { MemoryDiskChunkStore } from "./disks/memory-disk-chunk-store.ts";

const store = new MemoryDiskChunkStore();

function layerDisks(bus = new DiskBus(store)): LayerDisks {
  return new LayerDisks(bus, store);
}

/** An agent whose containers exit at once; it records the requests it got. */
function fakeSession(onStart: () => void = () => undefined) {
  const requests: string[] = [];
  const exitListeners = new Set<(event: AgentExit) => void>();
  const agent = {
    async create({ configJson, layerDisk }: { configJson: string; layerDisk?: { blank: boolean } }) {
      requests.push(`create ${JSON.parse(configJson).process.args.join(" ")}${layerDisk?.blank ? " on a blank disk" : ""}`);
    },
    async start({ id, handle }: { id: string; handle: number }) {
      requests.push(`start ${handle >= 0x7000_0000 ? "warm-up handle" : handle}`);
      onStart();
      queueMicrotask(() => exitListeners.forEach((listener) => listener({ containerId: id, processId: "", exitCode: 0, oomKilled: false })));
      return 42;
    },
    async writeBundleFile(_id: string, leaf: string) {
      requests.push(`write ${leaf}`);
    },
    async delete() {
      requests.push("delete");
    },
    attachOutput: () => () => undefined,
    onExit(listener: (event: AgentExit) => void) {
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
  };
  return { session: { agent, files: {} } as unknown as GuestSession, requests };
}

const image: WarmupImage = {
  config: { architecture: "386", os: "linux", config: { Cmd: ["sh"] }, rootfs: { type: "layers", diff_ids: [] } },
  rootfs: "images/abc/rootfs",
  tree: createRootfsTree(),
};

describe("JitWarmup", () => {
  it("runs `true` containers on blank layer disks through create, start, exit and delete, and frees the disks", async () => {
    const { session, requests } = fakeSession();
    const bus = new DiskBus(store);
    expect(await new JitWarmup(layerDisks(bus)).run(session, image, 2)).toBe(2);
    // Both runs gave their slot back: the first slot is free again.
    expect(bus.attach("probe")).toBe(1);
    const run = ["create true on a blank disk", "write hosts", "write hostname", "write resolv.conf", "start warm-up handle", "delete"];
    expect(requests).toEqual([...run, ...run]);
  });

  it("starts no run after stop(), finishing the one under way", async () => {
    const warmup = new JitWarmup(layerDisks());
    const { session, requests } = fakeSession(() => warmup.stop());
    expect(await warmup.run(session, image, 5)).toBe(1);
    expect(requests.filter((request) => request === "delete")).toHaveLength(1);
  });

  it("ends quietly when the guest refuses a run", async () => {
    const { session } = fakeSession(() => {
      throw new Error("no such file");
    });
    expect(await new JitWarmup(layerDisks()).run(session, image, 3)).toBe(0);
  });
});

describe("endsWarmup", () => {
  it("stops the warm-up on the user's container work, not on reads", async () => {
    const warmup = new JitWarmup(layerDisks());
    const handlers = endsWarmup({ containerList: async () => [], containerCreate: async () => ({ Id: "x", Warnings: [] }) } as Partial<EngineApi>, warmup);
    await handlers.containerList!({});
    expect(warmup.stopped).toBe(false);
    await handlers.containerCreate!({ body: { Image: "busybox" } });
    expect(warmup.stopped).toBe(true);
  });
});
