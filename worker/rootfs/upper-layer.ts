// A container's writable layer as an OCI layer. The guest hands over a tar of the overlayfs upper
// directory: deleted paths are whiteouts there (character devices 0/0) and directories that replace
// the lower one entirely are marked opaque (listed apart, as busybox tar keeps no xattrs). The OCI
// image spec spells both as files: `.wh.<name>` beside the deleted path, and `.wh..wh..opq` inside
// an opaque directory.

import { readTar, type TarEntry } from "../../src/tar/tar-reader.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";

export const whiteoutPrefix = ".wh.";
export const opaqueMarker = ".wh..wh..opq";

/** "./etc/passwd" → "etc/passwd"; "." and "./" → "". */
function normalized(path: string): string {
  return path.replace(/^(\.\/)+/, "").replace(/^\.$/, "").replace(/\/+$/, "");
}

function isWhiteout(entry: TarEntry): boolean {
  return entry.type === "char" && (entry.devMajor ?? 0) === 0 && (entry.devMinor ?? 0) === 0;
}

function siblingPath(path: string, name: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? name : `${path.slice(0, slash + 1)}${name}`;
}

export function upperToLayer(upperTar: Uint8Array, opaqueDirectories: readonly string[]): Uint8Array {
  const opaque = new Set(opaqueDirectories.map(normalized));
  const entries: TarWriterEntry[] = [];
  for (const entry of readTar(upperTar)) {
    const path = normalized(entry.path);
    if (path === "") continue;
    const base = { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
    if (isWhiteout(entry)) {
      entries.push({ ...base, path: siblingPath(path, `${whiteoutPrefix}${path.slice(path.lastIndexOf("/") + 1)}`), type: "file", mode: 0 });
      continue;
    }
    const linkTarget = entry.type === "hardlink" && entry.linkTarget !== undefined ? normalized(entry.linkTarget) : entry.linkTarget;
    entries.push({ ...base, path, type: entry.type, data: entry.data, linkTarget, devMajor: entry.devMajor, devMinor: entry.devMinor });
    if (entry.type === "dir" && opaque.has(path)) entries.push({ ...base, path: `${path}/${opaqueMarker}`, type: "file", mode: 0 });
  }
  return writeTar(entries);
}
