// The engine's handle on the guest VM. Boots it (snapshot restore with a cold-boot fallback),
// saves snapshots, watches for crashes, and hands out the agent client and the 9p file writer.
// Nothing of v86 is visible past this module.

import type { BootProgress, BootReport } from "../../src/api/types.ts";
import { AgentTimeoutError, type AgentClient } from "./agent-client.ts";
import type { GuestFiles } from "./guest-files.ts";
import { GuestCrashError, GuestMachine, type MachineImages } from "./guest-machine.ts";
import { SerialLog } from "./serial-log.ts";
import type { V86HardDisk, V86Runtime } from "./v86-surface.ts";

export { GuestCrashError };

/** public/guest/manifest.json, written by the guest image build. */
export interface GuestManifest {
  kernel: string;
  initrd: string;
  bios: string;
  vgaBios: string | null;
  cmdline: string;
  memoryMiB: number;
  /** Hex SHA-256 of every file named above. */
  sha256: Record<string, string>;
}

export interface WatchdogOptions {
  /** Pause between liveness pings. */
  intervalMs: number;
  /** How long one ping may take. */
  timeoutMs: number;
}

export interface GuestVmOptions {
  manifest: GuestManifest;
  /** Fetches a file named in the manifest (fetch in the browser, fs in Node). */
  loadAsset: (name: string) => Promise<ArrayBuffer>;
  runtime: V86Runtime;
  /** The guest's memory; the manifest's memoryMiB when absent. */
  memoryMiB?: number;
  /** Budget for a cold boot (emulator start to READY) or for a snapshot restore. */
  bootTimeoutMs?: number;
  /** How long a restored guest gets to answer its first request (SYNC). */
  restorePingTimeoutMs?: number;
  /** Default timeout of agent requests. */
  requestTimeoutMs?: number;
  /** Periodic PING that declares the guest crashed when the agent stops answering; false disables. */
  watchdog?: WatchdogOptions | false;
  /** The IDE disk holding the containers' writable layers (part of the snapshot key: the guest sees it at boot). */
  disk?: V86HardDisk;
}

export interface BootParams {
  /** A state from saveSnapshot() whose snapshotKey() matches; a failed restore falls back to a cold boot. */
  snapshot?: ArrayBuffer;
  onProgress?: (progress: BootProgress) => void;
}

export interface GuestBoot {
  report: BootReport;
  agent: AgentClient;
  files: GuestFiles;
}

/** Bump when the emulator configuration changes in a way that invalidates saved states. */
const MACHINE_LAYOUT_VERSION = 3;
const MiB = 1024 * 1024;
const DEFAULT_WATCHDOG: WatchdogOptions = { intervalMs: 15_000, timeoutMs: 30_000 };
/**
 * A watchdog ping counts as unanswered only if the guest ran at least this many instructions in
 * the meantime, so a starved emulator (busy or throttled host) is not mistaken for a hung agent.
 */
const HUNG_AFTER_INSTRUCTIONS = 5_000_000;

type ImageKey = keyof MachineImages;
const imageFields: Record<ImageKey, keyof GuestManifest> = {
  bios: "bios",
  vgaBios: "vgaBios",
  kernel: "kernel",
  initrd: "initrd",
};

export class GuestVm {
  readonly #options: GuestVmOptions;
  readonly #serial = new SerialLog();
  readonly #crashListeners = new Set<(error: GuestCrashError) => void>();
  #machine: GuestMachine | null = null;
  #files: GuestFiles | null = null;
  #state: "new" | "booting" | "running" | "disposed" = "new";
  #watchdogTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: GuestVmOptions) {
    checkManifest(options.manifest);
    if (options.memoryMiB !== undefined && !(Number.isInteger(options.memoryMiB) && options.memoryMiB > 0)) {
      throw new Error(`invalid guest memory ${options.memoryMiB} MiB`);
    }
    this.#options = options;
  }

  /** The memory the guest boots with. */
  get memoryMiB(): number {
    return this.#options.memoryMiB ?? this.#options.manifest.memoryMiB;
  }

  /** Identifies the guest a snapshot belongs to: kernel, initrd, BIOS, v86 version, memory and disk size. */
  snapshotKey(): string {
    const { manifest, runtime } = this.#options;
    const digest = (name: string | null) => (name === null ? "none" : manifest.sha256[name]);
    return [
      `berth-vm-${MACHINE_LAYOUT_VERSION}`,
      `v86-${runtime.version}`,
      `memory-${this.memoryMiB}MiB`,
      `disk-${this.#options.disk ? this.#options.disk.byteLength : 0}`,
      `kernel-${digest(manifest.kernel)}`,
      `initrd-${digest(manifest.initrd)}`,
      `bios-${digest(manifest.bios)}`,
      `vgabios-${digest(manifest.vgaBios)}`,
      `cmdline-${manifest.cmdline}`,
    ].join("|");
  }

  /**
   * Brings the guest up: restores `snapshot` when given (confirmed by a SYNC of clock and entropy), otherwise or when
   * that fails cold boots and waits for READY. `report.path` tells which one happened; a
   * "cold-boot" despite a snapshot means the snapshot is unusable.
   */
  async boot(params: BootParams = {}): Promise<GuestBoot> {
    if (this.#state !== "new") throw new Error(`cannot boot a guest VM that is ${this.#state}`);
    this.#state = "booting";
    const progress = params.onProgress ?? (() => {});
    const started = performance.now();
    try {
      const restored = params.snapshot !== undefined && (await this.#restore(params.snapshot, progress));
      if (!restored) await this.#coldBoot(progress);
      const machine = this.#machine!;
      this.#files = machine.files();
      this.#state = "running";
      machine.stopped.catch((error: Error) => this.#onStopped(machine, error));
      this.#scheduleWatchdog(machine);
      const report: BootReport = {
        path: restored ? "snapshot-restore" : "cold-boot",
        milliseconds: Math.round(performance.now() - started),
        memoryMiB: this.memoryMiB,
      };
      progress({ phase: "ready", message: restored ? "Guest restored" : "Guest booted", fraction: 1 });
      return { report, agent: machine.agent, files: this.#files };
    } catch (error) {
      if (this.#state === "booting") this.#state = "new";
      throw error;
    }
  }

  /** The guest's full state, for boot({ snapshot }). Call it right after a cold boot, before any rootfs is written. */
  async saveSnapshot(): Promise<ArrayBuffer> {
    const machine = this.#machine;
    if (!machine || this.#state !== "running") throw new Error("the guest VM is not running");
    if (machine.crashError) throw machine.crashError;
    if (!this.#files!.isEmpty) throw new Error("snapshots must be saved before any rootfs is written to the guest");
    return machine.save();
  }

  /** Guest instructions executed so far, modulo 2^32 (0 before boot). */
  instructionCount(): number {
    return this.#machine?.instructionCount() ?? 0;
  }

  /** Recent serial console (ttyS0) output: kernel messages and agent logs. */
  serialLog(): string {
    return this.#serial.text();
  }

  /** Called once if the running guest panics, reboots or its agent stops answering. */
  onCrash(listener: (error: GuestCrashError) => void): () => void {
    this.#crashListeners.add(listener);
    return () => this.#crashListeners.delete(listener);
  }

  /** Shuts the emulator down, also in the middle of boot(). */
  async dispose(): Promise<void> {
    if (this.#state === "disposed") return;
    this.#state = "disposed";
    clearTimeout(this.#watchdogTimer);
    const machine = this.#machine;
    this.#machine = null;
    await machine?.destroy();
  }

  /** True when the snapshot was restored and its agent answered; false to fall back to a cold boot. */
  async #restore(snapshot: ArrayBuffer, progress: (progress: BootProgress) => void): Promise<boolean> {
    const images = await this.#loadImages(["bios", "vgaBios"], progress);
    const machine = this.#launch(images, false);
    progress({ phase: "restore", message: "Restoring the saved guest state" });
    try {
      await this.#within(machine, "restoring the snapshot took too long", async () => {
        await machine.loaded();
        await machine.restore(snapshot);
        await machine.run();
        progress({ phase: "agent", message: "Checking the guest agent" });
        const entropy = crypto.getRandomValues(new Uint8Array(64));
        await machine.agent.sync(Date.now(), entropy, this.#options.restorePingTimeoutMs ?? 10_000);
      });
      return true;
    } catch (error) {
      await this.#discard(machine);
      if (this.#state !== "booting") throw error;
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      progress({ phase: "restore", message: `Snapshot restore failed (${reason}); cold booting` });
      return false;
    }
  }

  async #coldBoot(progress: (progress: BootProgress) => void): Promise<void> {
    const images = await this.#loadImages(["kernel", "initrd", "bios", "vgaBios"], progress);
    progress({ phase: "boot", message: "Booting the guest kernel" });
    const machine = this.#launch(images, true);
    const ready = machine.ready();
    try {
      await this.#within(machine, "the agent did not report READY in time", () => ready);
    } catch (error) {
      await this.#discard(machine);
      throw error;
    }
  }

  /** Runs a boot step; a crash, dispose() or the boot deadline ends it with an error. */
  async #within(machine: GuestMachine, timeoutReason: string, step: () => Promise<unknown>): Promise<void> {
    const timeoutMs = this.#options.bootTimeoutMs ?? 180_000;
    const timer = setTimeout(() => machine.crash(`${timeoutReason} (${timeoutMs / 1000} s)`), timeoutMs);
    const work = step();
    work.catch(() => {}); // when `stopped` wins the race, the step's own failure is moot
    try {
      await Promise.race([work, machine.stopped]);
    } finally {
      clearTimeout(timer);
    }
  }

  #launch(images: MachineImages, autostart: boolean): GuestMachine {
    if (this.#state !== "booting") throw new Error("the guest VM was disposed while booting");
    this.#machine = this.#createMachine(images, autostart);
    return this.#machine;
  }

  async #discard(machine: GuestMachine): Promise<void> {
    if (this.#machine === machine) this.#machine = null;
    await machine.destroy();
  }

  #createMachine(images: MachineImages, autostart: boolean): GuestMachine {
    const { manifest, runtime, requestTimeoutMs } = this.#options;
    return new GuestMachine({
      runtime,
      memoryBytes: this.memoryMiB * MiB,
      cmdline: manifest.cmdline,
      images,
      autostart,
      serial: this.#serial,
      requestTimeoutMs,
      disk: this.#options.disk,
    });
  }

  async #loadImages(keys: ImageKey[], progress: (progress: BootProgress) => void): Promise<MachineImages> {
    const { manifest, loadAsset } = this.#options;
    const wanted = keys.flatMap((key) => {
      const name = manifest[imageFields[key]] as string | null;
      return name === null ? [] : [{ key, name }];
    });
    let loaded = 0;
    progress({ phase: "download", message: "Loading the guest image", fraction: 0 });
    const entries = await Promise.all(
      wanted.map(async ({ key, name }) => {
        const bytes = await loadAsset(name);
        await verifyChecksum(name, bytes, manifest.sha256[name]);
        loaded++;
        progress({ phase: "download", message: `Loaded ${name}`, fraction: loaded / wanted.length });
        return [key, bytes] as const;
      }),
    );
    const images = Object.fromEntries(entries) as Partial<MachineImages>;
    if (!images.bios) throw new Error("the guest manifest names no BIOS");
    return { ...images, bios: images.bios };
  }

  #onStopped(machine: GuestMachine, error: Error): void {
    if (this.#machine !== machine || !(error instanceof GuestCrashError)) return;
    clearTimeout(this.#watchdogTimer);
    for (const listener of this.#crashListeners) listener(error);
  }

  #scheduleWatchdog(machine: GuestMachine): void {
    const watchdog = this.#options.watchdog ?? DEFAULT_WATCHDOG;
    if (watchdog === false) return;
    this.#watchdogTimer = setTimeout(async () => {
      if (this.#machine !== machine || machine.crashError) return;
      const before = machine.instructionCount();
      try {
        await machine.agent.ping(watchdog.timeoutMs);
      } catch (error) {
        const executed = (machine.instructionCount() - before) >>> 0;
        if (error instanceof AgentTimeoutError && executed >= HUNG_AFTER_INSTRUCTIONS) {
          machine.crash(`the agent did not answer a PING within ${watchdog.timeoutMs / 1000} s`);
        }
      }
      if (this.#machine === machine && !machine.crashError) this.#scheduleWatchdog(machine);
    }, watchdog.intervalMs);
  }
}

function checkManifest(manifest: GuestManifest): void {
  const names = [manifest.kernel, manifest.initrd, manifest.bios, manifest.vgaBios].filter((name) => name !== null);
  for (const name of names) {
    if (typeof name !== "string" || !/^[0-9a-f]{64}$/i.test(manifest.sha256?.[name] ?? "")) {
      throw new Error(`guest manifest: missing SHA-256 for ${String(name)}`);
    }
  }
  if (!Number.isInteger(manifest.memoryMiB) || manifest.memoryMiB <= 0) {
    throw new Error(`guest manifest: invalid memoryMiB ${manifest.memoryMiB}`);
  }
}

/**
 * Guards against an asset that does not match the manifest (e.g. a stale cache), which would also
 * make the snapshot key lie. WebCrypto exists only in secure contexts; elsewhere this is skipped.
 */
async function verifyChecksum(name: string, bytes: ArrayBuffer, expectedHex: string): Promise<void> {
  if (!globalThis.crypto?.subtle) return;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (hex !== expectedHex.toLowerCase()) throw new Error(`guest asset ${name} does not match its manifest checksum`);
}
