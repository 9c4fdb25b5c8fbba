// A fixture image's files as an initramfs for the bare-emulator runs: the guest's own initramfs
// (busybox as init), then a second newc cpio archive holding the image's layers, unpacked in order
// by GNU tar, under one directory. The kernel unpacks concatenated archives one after the other,
// so `busybox chroot /<directory> …` runs the image's programs on the same files a container sees.
// Hardlinks are stored as separate copies (same bytes, one more inode each).

import { execFileSync } from "node:child_process";
import { closeSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeSync, type Stats } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImageIndex, ImageManifest } from "../../worker/images/oci-types.ts";

/** Layer blob paths of the layout's first image, lowest first. */
function layerBlobs(layout: string): string[] {
  const blobPath = (digest: string) => join(layout, "blobs", ...digest.split(":"));
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as ImageIndex;
  const manifest = JSON.parse(readFileSync(blobPath(index.manifests[0].digest), "utf8")) as ImageManifest;
  return manifest.layers.map((layer) => blobPath(layer.digest));
}

/** Writes newc cpio entries (070701) to a file descriptor. */
class CpioWriter {
  private inode = 1;
  private offset = 0;

  constructor(private readonly fd: number) {}

  /** An entry with the owner, mode and device number of `stat` (none: the trailer). */
  entry(name: string, data: Uint8Array, stat?: Stats): void {
    const { mode = 0, uid = 0, gid = 0, rdev = 0 } = stat ?? {};
    // glibc's dev_t: the major number in bits 8–19 and 32 up, the minor in bits 0–7 and 20 up.
    const major = ((rdev >> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
    const minor = (rdev & 0xff) | ((rdev >> 12) & ~0xff);
    const nameBytes = Buffer.from(name, "utf8");
    const fields = [this.inode++, mode, uid, gid, 1, 0, data.length, 0, 0, major, minor, nameBytes.length + 1, 0];
    const header = `070701${fields.map((field) => (field >>> 0).toString(16).padStart(8, "0")).join("")}`;
    this.write(Buffer.concat([Buffer.from(header, "latin1"), nameBytes, new Uint8Array(1)]));
    this.write(data);
  }

  end(): void {
    this.entry("TRAILER!!!", new Uint8Array());
  }

  /** Bytes, then zeros up to a multiple of 4. */
  private write(bytes: Uint8Array): void {
    writeSync(this.fd, bytes);
    this.offset += bytes.length;
    const padding = (4 - (this.offset % 4)) % 4;
    if (padding) writeSync(this.fd, new Uint8Array(padding));
    this.offset += padding;
  }
}

/** Every entry below `root`, parents first, as cpio entries named `${prefix}/${path}`. */
function archiveTree(cpio: CpioWriter, root: string, prefix: string): void {
  const visit = (relative: string) => {
    const path = join(root, relative);
    const stat = lstatSync(path);
    const name = relative === "" ? prefix : `${prefix}/${relative}`;
    if (stat.isSymbolicLink()) cpio.entry(name, readlinkSync(path, { encoding: "buffer" }), stat);
    else if (stat.isFile()) cpio.entry(name, readFileSync(path), stat);
    else cpio.entry(name, new Uint8Array(), stat);
    if (stat.isDirectory()) for (const child of readdirSync(path).sort()) visit(relative === "" ? child : `${relative}/${child}`);
  };
  visit("");
}

/** The guest's initramfs followed by the image's files under `/${directory}`, written to `output`. */
export function imageInitramfs(guestInitramfs: string, layout: string, directory: string, output: string): void {
  const unpacked = mkdtempSync(join(tmpdir(), "berth-bench-rootfs-"));
  try {
    for (const blob of layerBlobs(layout)) {
      const names = execFileSync("tar", ["-tzf", blob], { maxBuffer: 1 << 28 }).toString();
      if (/(^|\/)\.wh\./m.test(names)) throw new Error(`${blob} has whiteouts, which a plain unpack would not apply`);
      execFileSync("tar", ["-xzf", blob, "-C", unpacked, "--numeric-owner"]);
    }
    const guest = readFileSync(guestInitramfs);
    if (guest.length % 4) throw new Error(`${guestInitramfs} does not end on a 4-byte boundary; a second archive could not follow it`);
    const fd = openSync(output, "w");
    try {
      writeSync(fd, guest);
      const cpio = new CpioWriter(fd);
      archiveTree(cpio, unpacked, directory);
      cpio.end();
    } finally {
      closeSync(fd);
    }
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}
