// The slice of v86 (npm `v86` 0.5.x) that worker/vm relies on, typed structurally. v86.d.ts does
// not declare the internals used here (the virtio-console device, the 9p filesystem object), so
// these shapes were read from build/libv86-debug.mjs. Only virtio-port.ts, guest-files.ts and
// guest-vm.ts may touch them.

/** A descriptor chain the guest posted on a virtqueue. */
export interface V86BufferChain {
  /** Bytes the device may write into this chain. */
  length_writable: number;
}

export interface V86VirtQueue {
  /** Truthy once the driver set up the ring addresses. */
  is_configured(): unknown;
  has_request(): boolean;
  pop_request(): V86BufferChain;
}

export interface V86VirtioConsole {
  virtio: { device_status: number; queues: V86VirtQueue[] };
  /** Writes data into a popped chain, returns it to the guest and raises the interrupt. */
  Send(queueId: number, chain: V86BufferChain, data: Uint8Array): void;
  /** Sends a control event (port, event, value) to the guest's driver. */
  SendEvent(port: number, event: number, value: number): void;
}

export interface V86Inode {
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  ctime: number;
  atime: number;
  size: number;
  nlinks: number;
  direntries: Map<string, number>;
}

/** v86's in-memory 9p filesystem (class FS in lib/filesystem.js). Inode ids index `inodes`. */
export interface V86Filesystem {
  inodes: V86Inode[];
  CreateDirectory(name: string, parentId: number): number;
  CreateFile(name: string, parentId: number): number;
  CreateSymlink(name: string, parentId: number, target: string): number;
  CreateNode(name: string, parentId: number, major: number, minor: number): number;
  /** Returns 0, or a negative value when the target is a directory. */
  Link(parentId: number, targetId: number, name: string): number;
  /** Returns 0, or a negative errno (e.g. a non-empty directory). */
  Unlink(parentId: number, name: string): number;
  /** Child inode id, or -1. */
  Search(parentId: number, name: string): number;
  set_data(id: number, data: Uint8Array): Promise<void>;
  DeleteData(id: number): Promise<void>;
}

export interface V86Image {
  buffer: ArrayBuffer;
}

/**
 * A disk v86 takes as `hda` without copying it (its custom-buffer contract, read from the starter's
 * file loading and the IDE code): reads answer through a callback, writes are complete on return.
 */
export interface V86HardDisk {
  readonly byteLength: number;
  onload?: (event: object) => void;
  /** Called once; must call onload. */
  load(): void;
  get(start: number, length: number, done: (data: Uint8Array) => void, options?: { signal?: AbortSignal }): void;
  set(start: number, data: Uint8Array, done: () => void): void;
  /** Read of the first sector at a cold boot. */
  get_and_cache(start: number, length: number, done: (data: Uint8Array) => void): void;
  /** The bytes if they are at hand (v86 peeks at the first sector for the disk's geometry). */
  get_from_cache(start: number, length: number): Uint8Array | undefined;
  /** An array (v86 saves its items); must not be empty: v86's IDE drops the disk when restoring a falsy state. */
  get_state(): unknown[];
  set_state(state: unknown): void;
}

export interface V86Options {
  wasm_fn: (imports: WebAssembly.Imports) => Promise<WebAssembly.Exports>;
  memory_size: number;
  vga_memory_size: number;
  bios: V86Image;
  vga_bios?: V86Image;
  bzimage?: V86Image;
  initrd?: V86Image;
  hda?: V86HardDisk;
  /** The BIOS's boot device order (v86 puts the hard disk first when there is one). */
  boot_order?: number;
  cmdline?: string;
  filesystem: Record<string, never>;
  virtio_console: boolean;
  autostart: boolean;
  disable_keyboard: boolean;
  disable_mouse: boolean;
  disable_speaker: boolean;
  acpi?: boolean;
}

export type V86Events = {
  "emulator-loaded": undefined;
  "emulator-stopped": undefined;
  "serial0-output-byte": number;
} & { [Name in `virtio-console${number}-output-bytes`]: Uint8Array };

export interface V86Emulator {
  add_listener<Name extends keyof V86Events>(event: Name, listener: (payload: V86Events[Name]) => void): void;
  remove_listener<Name extends keyof V86Events>(event: Name, listener: (payload: V86Events[Name]) => void): void;
  run(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
  save_state(): Promise<ArrayBuffer>;
  /** Instructions executed so far, modulo 2^32. */
  get_instruction_counter(): number;
  restore_state(state: ArrayBuffer): Promise<void>;
  /** Present when the emulator was created with a `filesystem` option. */
  fs9p?: V86Filesystem;
  /** Set once the wasm module is instantiated. */
  v86?: { cpu: { devices: { virtio_console?: V86VirtioConsole } } };
}

export type V86Constructor = new (options: V86Options) => V86Emulator;

/** What a host supplies to run v86: the constructor from libv86.mjs and the compiled v86.wasm. */
export interface V86Runtime {
  V86: V86Constructor;
  wasm: WebAssembly.Module;
  /** The v86 package version; part of the snapshot key. */
  version: string;
}
