// The guest's boot files (kernel, initrd, BIOS) under content-hashed names in the built site, so a
// static host or CDN can cache them as immutable. The engine finds them through guest/manifest.json,
// which names each file and its SHA-256: the build renames each file after its digest and rewrites
// the manifest (and SHA256SUMS) to match, so the loader needs no change and the snapshot key, made
// of the digests, stays the same. The embedded images need nothing: their OCI layouts already name
// every blob by its digest (blobs/sha256/…); only the small index files keep fixed names.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Plugin } from "vite";
import type { GuestManifest } from "../../worker/vm/guest-vm.ts";

const fileFields = ["kernel", "initrd", "bios", "vgaBios"] as const;

/** "bzImage" → "bzImage-35f851b23788c2d2", "initramfs.cpio" → "initramfs-ba5566f65a490e4f.cpio". */
export function hashedName(name: string, sha256: string): string {
  const dot = name.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  return `${stem}-${sha256.slice(0, 16).toLowerCase()}${extension}`;
}

/** Renames the files guestDir/manifest.json names after their digests, once every digest is checked. */
export async function hashGuestFiles(guestDir: string): Promise<void> {
  const manifestPath = join(guestDir, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as GuestManifest;
  const renamed = new Map<string, string>();
  for (const field of fileFields) {
    const name = manifest[field];
    if (name === null || renamed.has(name)) continue;
    const digest = manifest.sha256[name];
    if (!digest) throw new Error(`guest/manifest.json gives no SHA-256 for ${name}`);
    const actual = createHash("sha256").update(await readFile(join(guestDir, name))).digest("hex");
    if (actual !== digest.toLowerCase()) {
      throw new Error(`guest/${name} does not match its SHA-256 in guest/manifest.json (rebuild the guest: npm run images)`);
    }
    renamed.set(name, hashedName(name, digest));
  }
  for (const [name, hashed] of renamed) await rename(join(guestDir, name), join(guestDir, hashed));
  const newName = (name: string) => renamed.get(name) ?? name;
  const sha256 = Object.fromEntries([...renamed].map(([name, hashed]) => [hashed, manifest.sha256[name]]));
  const rewritten: GuestManifest = {
    ...manifest,
    kernel: newName(manifest.kernel),
    initrd: newName(manifest.initrd),
    bios: newName(manifest.bios),
    vgaBios: manifest.vgaBios === null ? null : newName(manifest.vgaBios),
    sha256,
  };
  await writeFile(manifestPath, `${JSON.stringify(rewritten, null, 2)}\n`);
  const sums = join(guestDir, "SHA256SUMS");
  if (existsSync(sums)) await writeFile(sums, Object.entries(sha256).map(([name, digest]) => `${digest}  ${name}\n`).join(""));
}

/** Hashes the guest files of the build's output once it is written (vite copied public/ into it before). */
export function hashedGuestFiles(): Plugin {
  let guestDir = "";
  return {
    name: "berth-hashed-guest-files",
    apply: "build",
    configResolved(config) {
      guestDir = resolve(config.root, config.build.outDir, "guest");
    },
    writeBundle: () => hashGuestFiles(guestDir),
  };
}
