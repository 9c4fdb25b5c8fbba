// The engine's guest VM: boots it (cold, or from the saved snapshot), hands out the running
// session, and when the guest is lost (kernel panic, hang noticed by the watchdog, reboot) tells
// the engine and boots a new one, so containers with restart policies come back and the prompt keeps
// working.

import type { BootProgress, BootReport } from "../src/api/types.ts";
import type { ReadBlob } from "./images/oci-layout.ts";
import type { SnapshotStore } from "./snapshots/snapshot-store.ts";
import type { GuestSession } from "./containers/task.ts";
import type { AgentClient, AgentExit, AgentInfo } from "./vm/agent-client.ts";
import { GuestVm, type GuestManifest } from "./vm/guest-vm.ts";
import type { V86HardDisk, V86Runtime } from "./vm/v86-surface.ts";

const guestManifestPath = "guest/manifest.json";

export interface RunningGuest extends GuestSession {
  vm: GuestVm;
  info: AgentInfo;
}

export interface EngineGuestOptions {
  /** The IDE disk of every guest: the containers' writable layers. */
  disk: V86HardDisk;
  readSiteFile: ReadBlob;
  loadV86Runtime(): Promise<V86Runtime>;
  snapshots: SnapshotStore;
  /** Every process exit the agent reports. */
  onExit(event: AgentExit): void;
  /** The guest went away; its processes with it. */
  onLost(reason: string): void;
  /** A guest came up (booted or restored): set up what the engine keeps in each guest. */
  onSession?(agent: AgentClient): Promise<void>;
}

export class EngineGuest {
  #guest: Promise<RunningGuest> | undefined;
  #runtime: V86Runtime | undefined;
  /** The guest's memory as configured; the guest image's default when absent. */
  #memoryMiB: number | undefined;

  constructor(private readonly options: EngineGuestOptions) {}

  /** The memory of the guests booted from now on (a restart after a crash too). */
  configureMemory(memoryMiB: number): void {
    this.#memoryMiB = memoryMiB;
  }

  get v86Version(): string {
    return this.#runtime?.version ?? "unknown";
  }

  /** The first boot, with progress; its report says how the guest came up. */
  async boot(report: (update: BootProgress) => void): Promise<BootReport> {
    const guest = this.#boot(report);
    this.#guest = guest;
    return (await guest).report;
  }

  /** The running guest, booting a new one (from the snapshot) if the last one was lost. */
  session(): Promise<RunningGuest> {
    this.#guest ??= this.#boot(() => undefined);
    return this.#guest;
  }

  /** The running guest if there is one, without booting. */
  current(): Promise<RunningGuest | undefined> {
    return this.#guest?.catch(() => undefined) ?? Promise.resolve(undefined);
  }

  async #boot(report: (update: BootProgress) => void): Promise<RunningGuest & { report: BootReport }> {
    this.#runtime ??= await this.options.loadV86Runtime();
    const manifest = JSON.parse(new TextDecoder().decode(await this.options.readSiteFile(guestManifestPath))) as GuestManifest;
    const vm = new GuestVm({
      manifest,
      runtime: this.#runtime,
      memoryMiB: this.#memoryMiB,
      disk: this.options.disk,
      loadAsset: async (name) => {
        const bytes = await this.options.readSiteFile(`guest/${name}`);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    });
    const key = vm.snapshotKey();
    const { snapshots } = this.options;
    const saved = await snapshots.load().catch(() => undefined);
    if (saved && saved.key !== key) await snapshots.discard();
    const boot = await vm.boot({ snapshot: saved?.key === key ? saved.state : undefined, onProgress: report });
    if (boot.report.path === "cold-boot") {
      const state = await vm.saveSnapshot();
      void snapshots.save({ key, state }).catch((error: unknown) => console.warn("berth: could not keep the VM snapshot:", error));
    }
    vm.onCrash((error) => {
      console.warn("berth:", error.message);
      void this.#lost(vm, error.reason);
    });
    boot.agent.onExit((event) => this.options.onExit(event));
    await this.options.onSession?.(boot.agent);
    const info = await boot.agent.info();
    return { vm, agent: boot.agent, files: boot.files, info, report: boot.report };
  }

  async #lost(vm: GuestVm, reason: string): Promise<void> {
    this.#guest = undefined;
    this.options.onLost(`the guest VM stopped (${reason}); the engine restarted it`);
    await vm.dispose();
    await this.session().catch((error: unknown) => console.warn("berth: could not restart the guest:", error));
  }
}
