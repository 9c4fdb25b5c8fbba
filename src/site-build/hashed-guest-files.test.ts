import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashedName, hashGuestFiles } from "./hashed-guest-files.ts";

let dir = "";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function writeGuest(files: Record<string, string>, manifest: object): void {
  dir = mkdtempSync(join(tmpdir(), "berth-guest-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("hashedName", () => {
  it("puts the digest's first 16 hex digits before the extension", () => {
    expect(hashedName("bzImage", "35F851B23788C2D21149")).toBe("bzImage-35f851b23788c2d2");
    expect(hashedName("initramfs.cpio", "ba5566f65a490e4fc951")).toBe("initramfs-ba5566f65a490e4f.cpio");
  });
});

describe("hashGuestFiles", () => {
  it("renames each file after its digest and rewrites the manifest and SHA256SUMS to match", async () => {
    const files = { kernel: "kernel bytes", "initrd.cpio": "initrd bytes", "bios.bin": "bios bytes" };
    const digests = Object.fromEntries(Object.entries(files).map(([name, content]) => [name, sha256(content)]));
    writeGuest({ ...files, SHA256SUMS: "old" }, { kernel: "kernel", initrd: "initrd.cpio", bios: "bios.bin", vgaBios: "bios.bin", cmdline: "quiet", memoryMiB: 128, sha256: digests });
    await hashGuestFiles(dir);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    const kernel = `kernel-${digests.kernel.slice(0, 16)}`;
    const initrd = `initrd-${digests["initrd.cpio"].slice(0, 16)}.cpio`;
    const bios = `bios-${digests["bios.bin"].slice(0, 16)}.bin`;
    expect(manifest).toEqual({
      kernel,
      initrd,
      bios,
      vgaBios: bios,
      cmdline: "quiet",
      memoryMiB: 128,
      sha256: { [kernel]: digests.kernel, [initrd]: digests["initrd.cpio"], [bios]: digests["bios.bin"] },
    });
    expect(readFileSync(join(dir, initrd), "utf8")).toBe("initrd bytes");
    expect(existsSync(join(dir, "kernel"))).toBe(false);
    expect(readFileSync(join(dir, "SHA256SUMS"), "utf8")).toBe(
      `${digests.kernel}  ${kernel}\n${digests["initrd.cpio"]}  ${initrd}\n${digests["bios.bin"]}  ${bios}\n`,
    );
  });

  it("fails the build when a file does not match its digest, renaming nothing", async () => {
    const manifest = { kernel: "kernel", initrd: "initrd", bios: "kernel", vgaBios: null, sha256: { kernel: sha256("kernel"), initrd: sha256("original") } };
    writeGuest({ kernel: "kernel", initrd: "changed since the manifest" }, manifest);
    await expect(hashGuestFiles(dir)).rejects.toThrow("guest/initrd does not match its SHA-256 in guest/manifest.json");
    expect(existsSync(join(dir, "kernel"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).toEqual(manifest);
  });
});
