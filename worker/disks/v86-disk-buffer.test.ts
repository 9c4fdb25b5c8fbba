// v86's own IDE controller (a real v86 instance, never started) driving the DiskBus through the
// ATA ports the guest's driver uses: IDENTIFY, WRITE SECTORS EXT and READ SECTORS EXT (LBA48).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNodeV86Runtime } from "../vm/node-v86.ts";
import type { V86Emulator, V86Options } from "../vm/v86-surface.ts";
import { DiskBus, defaultSlotBytes } from "./disk-bus.ts";
import { MemoryDiskChunkStore } from "./memory-disk-chunk-store.ts";

interface PortIo {
  port_read8(port: number): number;
  port_read16(port: number): number;
  port_write8(port: number, value: number): void;
  port_write16(port: number, value: number): void;
}

interface IdeEmulator extends V86Emulator {
  v86: { cpu: { io: PortIo; devices: {} } };
}

const ata = { data: 0x1f0, sectorCount: 0x1f2, lbaLow: 0x1f3, lbaMid: 0x1f4, lbaHigh: 0x1f5, device: 0x1f6, command: 0x1f7 };
const status = { busy: 0x80, dataRequest: 0x08, error: 0x01 };
const sectorsPerSlot = defaultSlotBytes / 512;

const store = new MemoryDiskChunkStore();
const bus = new DiskBus(store);
let emulator: IdeEmulator;
let io: PortIo;

/** Selects the master drive and loads LBA48 registers: each register takes its high byte first. */
function address(lba: number, count: number): void {
  io.port_write8(ata.device, 0x40);
  io.port_write8(ata.sectorCount, count >> 8);
  io.port_write8(ata.sectorCount, count & 0xff);
  const bytes = [0, 1, 2, 3, 4, 5].map((index) => Math.floor(lba / 256 ** index) & 0xff);
  io.port_write8(ata.lbaLow, bytes[3]!);
  io.port_write8(ata.lbaLow, bytes[0]!);
  io.port_write8(ata.lbaMid, bytes[4]!);
  io.port_write8(ata.lbaMid, bytes[1]!);
  io.port_write8(ata.lbaHigh, bytes[5]!);
  io.port_write8(ata.lbaHigh, bytes[2]!);
}

async function dataReady(): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = io.port_read8(ata.command);
    if (value & status.error) throw new Error(`ATA error, status ${value.toString(16)}`);
    if (!(value & status.busy) && value & status.dataRequest) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error("the drive never had data ready");
}

async function readSectors(lba: number, count: number): Promise<Uint8Array> {
  address(lba, count);
  io.port_write8(ata.command, 0x24);
  const bytes = new Uint8Array(count * 512);
  for (let sector = 0; sector < count; sector++) {
    await dataReady();
    for (let word = 0; word < 256; word++) {
      const value = io.port_read16(ata.data);
      bytes[sector * 512 + word * 2] = value & 0xff;
      bytes[sector * 512 + word * 2 + 1] = value >> 8;
    }
  }
  return bytes;
}

async function writeSectors(lba: number, data: Uint8Array): Promise<void> {
  address(lba, data.length / 512);
  io.port_write8(ata.command, 0x34);
  for (let sector = 0; sector < data.length / 512; sector++) {
    await dataReady();
    for (let word = 0; word < 256; word++) io.port_write16(ata.data, data[sector * 512 + word * 2]! | (data[sector * 512 + word * 2 + 1]! << 8));
  }
}

beforeAll(async () => {
  await bus.seed("seeded", [{ offset: 0, bytes: new Uint8Array(1024).fill(0x5e) }]);
  bus.attach("a");
  bus.attach("seeded");
  const runtime = await loadNodeV86Runtime();
  const options = {
    wasm_fn: async (imports: WebAssembly.Imports) => (await WebAssembly.instantiate(runtime.wasm, imports)).exports,
    memory_size: 16 * 1024 * 1024,
    autostart: false,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    hda: bus.v86Buffer,
  };
  const created = new runtime.V86(options as unknown as V86Options) as IdeEmulator;
  await new Promise<void>((resolve) => created.add_listener("emulator-loaded", () => resolve()));
  emulator = created;
  io = created.v86.cpu.io;
});

afterAll(async () => {
  await emulator?.destroy();
  await bus.close();
});

describe("DiskBus as v86's hda", () => {
  it("is a 1 TiB drive to IDENTIFY", async () => {
    io.port_write8(ata.device, 0x40);
    io.port_write8(ata.command, 0xec);
    await dataReady();
    const words = Array.from({ length: 256 }, () => io.port_read16(ata.data));
    const lba48Sectors = words[100]! + words[101]! * 0x10000 + words[102]! * 0x100000000;
    expect(lba48Sectors * 512).toBe(1024 ** 4);
  });

  it("writes and reads sectors of an attached disk across a chunk boundary, and keeps them in the store", async () => {
    const data = Uint8Array.from({ length: 5 * 512 }, (_, index) => (index * 7 + 3) & 0xff);
    const lba = sectorsPerSlot + 126; // slot 1 (disk a): sectors 126..130 straddle chunks 0 and 1
    await writeSectors(lba, data);
    expect(await readSectors(lba - 1, 7)).toEqual(Uint8Array.of(...new Uint8Array(512), ...data, ...new Uint8Array(512)));
    await bus.flush("a");
    const chunk1 = await store.read("a", 1);
    expect(chunk1?.subarray(0, 3 * 512)).toEqual(data.subarray(2 * 512));
  });

  it("reads a seeded disk in its slot and zeros where no disk is attached", async () => {
    expect(await readSectors(2 * sectorsPerSlot, 3)).toEqual(Uint8Array.of(...new Uint8Array(1024).fill(0x5e), ...new Uint8Array(512)));
    expect(await readSectors(3 * sectorsPerSlot + 9, 2)).toEqual(new Uint8Array(1024));
  });

  it("survives a save and restore of the machine's state with the disk still in place", async () => {
    const state = await emulator.save_state();
    await emulator.restore_state(state);
    io = emulator.v86.cpu.io;
    expect(await readSectors(2 * sectorsPerSlot, 1)).toEqual(new Uint8Array(512).fill(0x5e));
  });
});
