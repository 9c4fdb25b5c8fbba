// One v86 instance running the berth guest: the emulator, its two agent ports, the agent client,
// the 9p filesystem writer, and crash detection (kernel panic or a second READY, i.e. a reboot).

import { keepAgentPortsRaw } from "./raw-agent-ports.ts";
import { AgentClient } from "./agent-client.ts";
import { GuestFiles } from "./guest-files.ts";
import type { SerialLog } from "./serial-log.ts";
import type { V86HardDisk, V86Emulator, V86Options, V86Runtime } from "./v86-surface.ts";
import { VirtioPort } from "./virtio-port.ts";

const CONTROL_PORT = 1;
const STDIO_PORT = 2;
/** The smallest VGA memory v86 accepts; the guest has no screen, and it keeps snapshots small. */
const VGA_MEMORY_BYTES = 256 * 1024;
const SERIAL_TAIL_LINES = 30;
/** v86's boot order without a hard disk (CD-ROM, floppy, disk): the kernel is loaded directly anyway. */
const BOOT_ORDER = 0x123;

/** The guest died or stopped responding; `serialTail` holds the last console lines. */
export class GuestCrashError extends Error {
  override readonly name = "GuestCrashError";
  constructor(
    /** What happened, in one line. */
    readonly reason: string,
    readonly serialTail: string,
  ) {
    super(serialTail ? `${reason}\n--- guest console ---\n${serialTail}` : reason);
  }
}

export interface MachineImages {
  bios: ArrayBuffer;
  vgaBios?: ArrayBuffer;
  /** Kernel and initrd are needed for a cold boot only; a restored state carries its memory. */
  kernel?: ArrayBuffer;
  initrd?: ArrayBuffer;
}

export interface MachineConfig {
  runtime: V86Runtime;
  memoryBytes: number;
  cmdline: string;
  images: MachineImages;
  /** The IDE disk holding the containers' writable layers. */
  disk?: V86HardDisk;
  /** Start executing as soon as the emulator is loaded (cold boot). */
  autostart: boolean;
  serial: SerialLog;
  requestTimeoutMs?: number;
}

export class GuestMachine {
  readonly agent: AgentClient;
  /**
   * Rejects once the machine is unusable: with a GuestCrashError when a crash is detected, with a
   * plain Error when it is destroyed. Never resolves.
   */
  readonly stopped: Promise<never>;
  readonly #emulator: V86Emulator;
  readonly #ports: VirtioPort[];
  readonly #serial: SerialLog;
  readonly #loaded: Promise<void>;
  #reportStop: (error: Error) => void = () => {};
  #crash: GuestCrashError | null = null;
  #readyCount = 0;
  #isLoaded = false;
  #destroyed = false;

  constructor(config: MachineConfig) {
    const { runtime, images } = config;
    const options: V86Options = {
      wasm_fn: async (imports) => (await WebAssembly.instantiate(runtime.wasm, imports)).exports,
      memory_size: config.memoryBytes,
      vga_memory_size: VGA_MEMORY_BYTES,
      bios: { buffer: images.bios },
      vga_bios: images.vgaBios && { buffer: images.vgaBios },
      bzimage: images.kernel && { buffer: images.kernel },
      initrd: images.initrd && { buffer: images.initrd },
      hda: config.disk,
      boot_order: BOOT_ORDER,
      cmdline: config.cmdline,
      filesystem: {},
      virtio_console: true,
      autostart: config.autostart,
      disable_keyboard: true,
      disable_mouse: true,
      disable_speaker: true,
    };
    this.#emulator = new runtime.V86(options);
    this.#serial = config.serial;
    this.#loaded = new Promise((resolve) =>
      this.#emulator.add_listener("emulator-loaded", () => {
        keepAgentPortsRaw(this.#emulator);
        this.#isLoaded = true;
        resolve();
      }),
    );
    this.stopped = new Promise<never>((_, reject) => (this.#reportStop = reject));
    this.stopped.catch(() => {}); // not every owner awaits it
    this.#emulator.add_listener("serial0-output-byte", this.#onSerialByte);

    this.#ports = [new VirtioPort(this.#emulator, CONTROL_PORT), new VirtioPort(this.#emulator, STDIO_PORT)];
    this.agent = new AgentClient(this.#ports[0], this.#ports[1], { requestTimeoutMs: config.requestTimeoutMs });
    this.agent.onReady(() => {
      this.#readyCount++;
      if (this.#readyCount > 1) this.crash("the guest agent started again (the guest rebooted)");
    });
    this.agent.onFailure((error) => this.crash(`the agent connection failed: ${error.message}`));
  }

  /** Resolves with the agent version of the next READY; ask before the guest starts running. */
  ready(): Promise<string> {
    return new Promise((resolve) => {
      const unsubscribe = this.agent.onReady((version) => {
        unsubscribe();
        resolve(version);
      });
    });
  }

  /** Resolves when v86 has instantiated its wasm and devices. */
  loaded(): Promise<void> {
    return this.#loaded;
  }

  /** The 9p filesystem; available once loaded. */
  files(): GuestFiles {
    const fs = this.#emulator.fs9p;
    if (!fs) throw new Error("the emulator has no 9p filesystem yet");
    return new GuestFiles(fs);
  }

  async restore(state: ArrayBuffer): Promise<void> {
    await this.#emulator.restore_state(state);
  }

  async run(): Promise<void> {
    await this.#emulator.run();
  }

  /** Saves the full machine state; execution is paused meanwhile. */
  async save(): Promise<ArrayBuffer> {
    await this.#emulator.stop();
    try {
      return await this.#emulator.save_state();
    } finally {
      await this.#emulator.run();
    }
  }

  get crashError(): GuestCrashError | null {
    return this.#crash;
  }

  /** Declares the guest dead: fails agent requests, stops the CPU and rejects `stopped`. */
  crash(reason: string): void {
    if (this.#crash || this.#destroyed) return;
    this.#crash = new GuestCrashError(`guest crashed: ${reason}`, this.#serial.tail(SERIAL_TAIL_LINES));
    this.agent.dispose(this.#crash);
    void this.#emulator.stop();
    this.#reportStop(this.#crash);
  }

  /** Guest instructions executed so far, modulo 2^32. */
  instructionCount(): number {
    return this.#emulator.get_instruction_counter();
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const reason = new Error("the guest VM was shut down");
    this.#reportStop(reason);
    this.agent.dispose(reason);
    for (const port of this.#ports) port.close(reason);
    this.#emulator.remove_listener("serial0-output-byte", this.#onSerialByte);
    if (this.#isLoaded) await this.#emulator.destroy();
    else void this.#loaded.then(() => this.#emulator.destroy());
  }

  readonly #onSerialByte = (byte: number): void => {
    const line = this.#serial.push(byte);
    if (line?.includes("Kernel panic")) {
      // Let the rest of the panic report reach the log before failing.
      setTimeout(() => this.crash(line.trim()), 200);
    }
  };
}
