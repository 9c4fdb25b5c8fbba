// GuestVm's inputs: the snapshot key and the manifest checks, with the real v86 runtime.
// Booting and restoring the real guest is covered in test/integration/guest-vm.test.ts.

import { describe, expect, it } from "vitest";
import { GuestVm, type GuestManifest, type GuestVmOptions } from "./guest-vm.ts";
import { loadNodeV86Runtime } from "./node-v86.ts";

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
    runtime: await loadNodeV86Runtime(),
    watchdog: false,
    ...overrides,
  };
}

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

  it("names the memory the guest boots with, which may differ from the manifest's", async () => {
    const base = await options();
    const booting = new GuestVm({ ...base, memoryMiB: 512 });
    expect(booting.memoryMiB).toBe(512);
    expect(booting.snapshotKey()).toBe(new GuestVm({ ...base, manifest: { ...base.manifest, memoryMiB: 512 } }).snapshotKey());
    expect(booting.snapshotKey()).not.toBe(new GuestVm(base).snapshotKey());
    expect(() => new GuestVm({ ...base, memoryMiB: 0.5 })).toThrow(/invalid guest memory/);
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
