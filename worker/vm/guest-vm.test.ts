import { afterEach, describe, expect, it, vi } from "vitest";
import { FrameDecoder, Op, decodeControl, encodeControl, encodeFrame } from "./agent-protocol.ts";
import { GuestCrashError, GuestVm, type GuestManifest, type GuestVmOptions } from "./guest-vm.ts";
import type { V86BufferChain, V86Constructor, V86Emulator, V86Options } from "./v86-surface.ts";

// A stand-in for v86 whose "guest" is a scripted agent on the control port.
interface GuestScript {
  /** Send READY this long after the CPU starts; undefined = never. */
  readyAfterMs?: number;
  /** Answer PINGs (default true). */
  answerPing?: boolean;
  /** restore_state throws unless the state starts with this byte. */
  validStateMarker?: number;
}

const instances: FakeV86[] = [];

class FakeV86 implements V86Emulator {
  static script: GuestScript = {};
  readonly options: V86Options;
  readonly #listeners = new Map<string, Set<(payload: never) => void>>();
  readonly #decoder = new FrameDecoder();
  running = false;
  restored = false;
  destroyed = false;
  instructions = 0;
  fs9p = { inodes: [{ direntries: new Map([[".", 0], ["..", 0]]) }] } as unknown as V86Emulator["fs9p"];
  v86?: V86Emulator["v86"];

  constructor(options: V86Options) {
    this.options = options;
    instances.push(this);
    setTimeout(() => {
      this.v86 = { cpu: { devices: { virtio_console: this.#device() } } };
      this.#emit("emulator-loaded", undefined);
      if (options.autostart) void this.run();
    }, 1);
  }

  add_listener(event: string, listener: (payload: never) => void): void {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event)!.add(listener);
  }
  remove_listener(event: string, listener: (payload: never) => void): void {
    this.#listeners.get(event)?.delete(listener);
  }
  async run(): Promise<void> {
    this.running = true;
    const { readyAfterMs } = FakeV86.script;
    if (readyAfterMs !== undefined && !this.restored) setTimeout(() => this.sendControl(Op.Ready, 0, ["1"]), readyAfterMs);
  }
  async stop(): Promise<void> {
    this.running = false;
  }
  async destroy(): Promise<void> {
    this.destroyed = true;
    this.running = false;
  }
  async save_state(): Promise<ArrayBuffer> {
    return Uint8Array.of(FakeV86.script.validStateMarker ?? 1, 2, 3).buffer;
  }
  async restore_state(state: ArrayBuffer): Promise<void> {
    if (new Uint8Array(state)[0] !== (FakeV86.script.validStateMarker ?? 1)) throw new Error("Invalid header");
    this.restored = true;
  }
  get_instruction_counter(): number {
    return this.instructions;
  }

  serial(text: string): void {
    for (const byte of new TextEncoder().encode(text)) this.#emit("serial0-output-byte", byte);
  }

  sendControl(op: number, requestId: number, fields: string[]): void {
    this.#emit("virtio-console1-output-bytes", encodeFrame(encodeControl(op, requestId, fields)));
  }

  #emit(event: string, payload: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (value: unknown) => void)(payload);
  }

  #device() {
    const openQueue = { is_configured: () => true, has_request: () => true, pop_request: () => ({ length_writable: 4096 }) };
    return {
      virtio: { device_status: 0xf, queues: Array.from({ length: 10 }, () => openQueue) },
      Send: (queueId: number, _chain: V86BufferChain, data: Uint8Array) => {
        if (queueId !== 4 || !this.running) return;
        for (const body of this.#decoder.push(data)) {
          const request = decodeControl(body);
          if (request.op === Op.Ping && FakeV86.script.answerPing !== false) {
            setTimeout(() => this.sendControl(Op.Result, request.requestId, ["ok"]), 1);
          }
        }
      },
    };
  }
}

const sha = (fill: string) => fill.repeat(64);
const manifest: GuestManifest = {
  kernel: "bzImage",
  initrd: "initrd.img",
  bios: "bios.bin",
  vgaBios: null,
  cmdline: "console=ttyS0",
  memoryMiB: 128,
  sha256: {},
};
const assets: Record<string, Uint8Array<ArrayBuffer>> = {
  "bzImage": new TextEncoder().encode("kernel"),
  "initrd.img": new TextEncoder().encode("initrd"),
  "bios.bin": new TextEncoder().encode("bios"),
};

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function options(overrides: Partial<GuestVmOptions> = {}): Promise<GuestVmOptions> {
  const sums: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(assets)) sums[name] = await sha256(bytes);
  const loaded: string[] = [];
  return {
    manifest: { ...manifest, sha256: sums },
    loadAsset: async (name) => {
      loaded.push(name);
      return assets[name]!.slice().buffer;
    },
    runtime: { V86: FakeV86 as unknown as V86Constructor, wasm: {} as WebAssembly.Module, version: "0.5.462" },
    watchdog: false,
    ...overrides,
  };
}

afterEach(() => {
  vi.useRealTimers();
  FakeV86.script = {};
  instances.length = 0;
});

describe("GuestVm.snapshotKey", () => {
  it("changes with every input that invalidates a saved state", async () => {
    const base = await options();
    const key = (change: Partial<GuestManifest>, version = "0.5.462") =>
      new GuestVm({ ...base, manifest: { ...base.manifest, ...change }, runtime: { ...base.runtime, version } }).snapshotKey();
    const keys = [
      key({}),
      key({}, "0.5.463"),
      key({ memoryMiB: 256 }),
      key({ sha256: { ...base.manifest.sha256, bzImage: sha("a") } }),
      key({ sha256: { ...base.manifest.sha256, "initrd.img": sha("b") } }),
      key({ sha256: { ...base.manifest.sha256, "bios.bin": sha("c") } }),
      key({ cmdline: "console=ttyS0 quiet" }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(key({})).toBe(keys[0]);
  });
});

describe("GuestVm manifest checks", () => {
  it("rejects a manifest without checksums", async () => {
    const base = await options();
    expect(() => new GuestVm({ ...base, manifest: { ...base.manifest, sha256: {} } })).toThrow(/SHA-256 for bzImage/);
  });

  it("rejects an asset whose checksum does not match", async () => {
    const base = await options();
    const vm = new GuestVm({ ...base, manifest: { ...base.manifest, sha256: { ...base.manifest.sha256, bzImage: sha("0") } } });
    await expect(vm.boot()).rejects.toThrow(/bzImage does not match/);
  });
});

describe("GuestVm.boot", () => {
  it("cold boots with the manifest's settings and waits for READY", async () => {
    FakeV86.script = { readyAfterMs: 5 };
    const progress: string[] = [];
    const vm = new GuestVm(await options());
    const boot = await vm.boot({ onProgress: (step) => progress.push(step.phase) });
    expect(boot.report.path).toBe("cold-boot");
    const emulatorOptions = instances[0]!.options;
    expect(emulatorOptions).toMatchObject({ memory_size: 128 * 1024 * 1024, cmdline: "console=ttyS0", virtio_console: true, autostart: true });
    expect(new Uint8Array(emulatorOptions.bzimage!.buffer)).toEqual(assets["bzImage"]);
    expect(progress[0]).toBe("download");
    expect(progress).toContain("boot");
    expect(progress.at(-1)).toBe("ready");
    await boot.agent.ping();
    await vm.dispose();
    expect(instances[0]!.destroyed).toBe(true);
  });

  it("refuses to boot twice", async () => {
    FakeV86.script = { readyAfterMs: 1 };
    const vm = new GuestVm(await options());
    await vm.boot();
    await expect(vm.boot()).rejects.toThrow(/running/);
    await vm.dispose();
  });

  it("fails with the serial console tail when READY never comes", async () => {
    const vm = new GuestVm(await options({ bootTimeoutMs: 50 }));
    const booting = vm.boot();
    await new Promise((resolve) => setTimeout(resolve, 10));
    instances[0]!.serial("Linux version 6.1\r\nberth-agent: cannot open port\r\n");
    const error = await booting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GuestCrashError);
    expect((error as GuestCrashError).message).toMatch(/did not report READY/);
    expect((error as GuestCrashError).serialTail).toContain("berth-agent: cannot open port");
    expect(instances[0]!.destroyed).toBe(true);
    expect(vm.serialLog()).toContain("Linux version 6.1");
  });

  it("fails fast on a kernel panic during boot", async () => {
    const vm = new GuestVm(await options({ bootTimeoutMs: 60_000 }));
    const booting = vm.boot();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = performance.now();
    instances[0]!.serial("Kernel panic - not syncing: No working init found.\n");
    await expect(booting).rejects.toThrow(/Kernel panic - not syncing: No working init found/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("stops waiting when disposed during boot", async () => {
    const vm = new GuestVm(await options());
    const booting = vm.boot();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await vm.dispose();
    await expect(booting).rejects.toThrow(/shut down|disposed/);
  });
});

describe("GuestVm snapshots", () => {
  it("restores a snapshot, confirmed by PING, without loading the kernel", async () => {
    FakeV86.script = { readyAfterMs: 1 };
    const loaded: string[] = [];
    const base = await options();
    const first = new GuestVm(base);
    await first.boot();
    const snapshot = await first.saveSnapshot();
    await first.dispose();

    const vm = new GuestVm({ ...base, loadAsset: (name) => (loaded.push(name), base.loadAsset(name)) });
    const boot = await vm.boot({ snapshot });
    expect(boot.report.path).toBe("snapshot-restore");
    expect(loaded).toEqual(["bios.bin"]);
    const emulator = instances.at(-1)!;
    expect(emulator.options.autostart).toBe(false);
    expect(emulator.restored).toBe(true);
    await vm.dispose();
  });

  it("falls back to a cold boot when the state does not load", async () => {
    FakeV86.script = { readyAfterMs: 1 };
    const messages: string[] = [];
    const vm = new GuestVm(await options());
    const boot = await vm.boot({ snapshot: Uint8Array.of(9).buffer, onProgress: (step) => messages.push(step.message) });
    expect(boot.report.path).toBe("cold-boot");
    expect(messages).toContain("Snapshot restore failed (Invalid header); cold booting");
    expect(instances[0]!.destroyed).toBe(true);
    await vm.dispose();
  });

  it("falls back to a cold boot when the restored agent does not answer", async () => {
    FakeV86.script = { readyAfterMs: 1, answerPing: false };
    const vm = new GuestVm(await options({ restorePingTimeoutMs: 20 }));
    const boot = await vm.boot({ snapshot: Uint8Array.of(1).buffer });
    expect(boot.report.path).toBe("cold-boot");
    await vm.dispose();
  });

  it("refuses to save once a rootfs was written", async () => {
    FakeV86.script = { readyAfterMs: 1 };
    const vm = new GuestVm(await options());
    await vm.boot();
    const root = instances[0]!.fs9p!.inodes[0]!;
    root.direntries.set("images", 1);
    await expect(vm.saveSnapshot()).rejects.toThrow(/before any rootfs/);
    await vm.dispose();
  });
});

describe("GuestVm crash detection", () => {
  it("reports a kernel panic of the running guest and fails agent requests", async () => {
    FakeV86.script = { readyAfterMs: 1 };
    const vm = new GuestVm(await options());
    const boot = await vm.boot();
    const crashes: GuestCrashError[] = [];
    vm.onCrash((error) => crashes.push(error));
    instances[0]!.serial("BUG: kernel NULL pointer dereference\nKernel panic - not syncing: Fatal exception\n");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(crashes.length).toBe(1);
    expect(crashes[0]!.serialTail).toContain("NULL pointer dereference");
    await expect(boot.agent.ping()).rejects.toBeInstanceOf(GuestCrashError);
    await expect(vm.saveSnapshot()).rejects.toBeInstanceOf(GuestCrashError);
    await vm.dispose();
  });

  it("treats a second READY as a reboot", async () => {
    FakeV86.script = { readyAfterMs: 1 };
    const vm = new GuestVm(await options());
    await vm.boot();
    const crashes: GuestCrashError[] = [];
    vm.onCrash((error) => crashes.push(error));
    instances[0]!.sendControl(Op.Ready, 0, ["1"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(crashes.map((error) => error.message)).toEqual([expect.stringMatching(/rebooted/)]);
    await vm.dispose();
  });

  it("declares a hang when the agent stops answering while the CPU runs", async () => {
    FakeV86.script = { readyAfterMs: 1 };
    const vm = new GuestVm(await options({ watchdog: { intervalMs: 10, timeoutMs: 20 } }));
    await vm.boot();
    const crashes: GuestCrashError[] = [];
    vm.onCrash((error) => crashes.push(error));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(crashes).toEqual([]);
    FakeV86.script.answerPing = false;
    const emulator = instances[0]!;
    const ticking = setInterval(() => (emulator.instructions += 1_000_000), 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(ticking);
    expect(crashes.map((error) => error.message)).toEqual([expect.stringMatching(/did not answer a PING/)]);
    await vm.dispose();
  });

  it("does not blame the agent when the emulator itself made no progress", async () => {
    FakeV86.script = { readyAfterMs: 1, answerPing: true };
    const vm = new GuestVm(await options({ watchdog: { intervalMs: 10, timeoutMs: 20 } }));
    await vm.boot();
    const crashes: GuestCrashError[] = [];
    vm.onCrash((error) => crashes.push(error));
    FakeV86.script.answerPing = false;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(crashes).toEqual([]);
    await vm.dispose();
  });
});
