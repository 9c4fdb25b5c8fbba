// The layer a COPY or ADD makes: its sources placed at the destination by Docker's rules, as
// tar entries over the image's root filesystem so far.
//   - A relative destination is below WORKDIR; a trailing "/" keeps it a directory.
//   - A directory source copies its contents into the destination.
//   - A file goes into the destination when that is an existing directory or ends in "/",
//     otherwise it becomes the destination.
//   - ADD extracts a local tar archive (gzip too) into the destination.
//   - Files are owned by root, or by --chown's user and group (also the directories the copy
//     creates); with --from and no --chown they keep their owners. --chmod sets their mode.
// Paths through symlinks in the image are resolved, so the layer never writes below a symlink.

import { EngineError } from "../../src/api/errors.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import type { TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { normalizeArchivePath } from "../rootfs/apply-layer.ts";
import { gunzip } from "../rootfs/gzip.ts";
import { resolveTreePath } from "../rootfs/tree-lookup.ts";
import { parentPath, type RootfsTree, type TreeEntry } from "../rootfs/tree.ts";
import { isGzip } from "./build-context.ts";
import { entriesBelow, type CopySource } from "./copy-sources.ts";

export interface Owner {
  uid: number;
  gid: number;
}

export interface CopyPlacement {
  instruction: "COPY" | "ADD";
  sources: CopySource[];
  /** The destination as written (after variable substitution). */
  dest: string;
  workdir: string;
  /** The image's root filesystem before this step. */
  imageTree: RootfsTree;
  /** Undefined: keep the sources' owners. */
  owner?: Owner;
  /** Permission bits from --chmod. */
  mode?: number;
}

/** The absolute destination: relative ones are below WORKDIR; a trailing "/" is kept. */
export function destinationPath(dest: string, workdir: string): string {
  const joined = dest.startsWith("/") ? dest : `${workdir || "/"}/${dest}`;
  const normalized = `/${normalizeArchivePath(joined) ?? ""}`;
  return dest.endsWith("/") || dest.endsWith("/.") || dest === "." ? `${normalized.replace(/\/$/, "")}/` : normalized;
}

/** Builds the layer's entries, parents before children. */
export async function placeSources(placement: CopyPlacement): Promise<TarWriterEntry[]> {
  const dest = destinationPath(placement.dest, placement.workdir);
  if (placement.sources.length > 1 && !dest.endsWith("/")) {
    throw new EngineError("invalid", `When using ${placement.instruction} with more than one source file, the destination must be a directory and end with a /`);
  }
  const layer = new LayerEntries(placement.imageTree, placement.owner);
  const destination = dest.replace(/^\/+|\/+$/g, "");
  for (const source of placement.sources) {
    const { entry } = source;
    if (entry.type === "dir") {
      copyDirectory(layer, placement, source, destination);
    } else if (placement.instruction === "ADD" && entry.type === "file" && (await extractArchive(layer, entry, destination))) {
      continue;
    } else {
      const intoDirectory = dest.endsWith("/") || layer.isDirectory(destination);
      const target = intoDirectory ? join(destination, source.name) : destination;
      layer.put(target, retarget(entry, placement), placement.owner);
    }
  }
  return layer.entries();
}

function join(directory: string, name: string): string {
  return directory === "" ? name : `${directory}/${name}`;
}

function retarget(entry: TreeEntry, placement: CopyPlacement): TreeEntry {
  return placement.mode === undefined ? entry : { ...entry, mode: placement.mode };
}

function copyDirectory(layer: LayerEntries, placement: CopyPlacement, { tree, entry: directory }: CopySource, destination: string): void {
  const prefix = directory.path === "" ? "" : `${directory.path}/`;
  const links = new Map<string, string>();
  for (const entry of entriesBelow(tree, directory)) {
    const relative = entry.path === directory.path ? "" : entry.path.slice(prefix.length);
    const target = join(destination, relative).replace(/\/$/, "");
    if (relative === "" && layer.isDirectory(destination)) continue; // an existing directory keeps itself
    if (entry.type === "hardlink") {
      const linked = links.get(entry.linkTarget!);
      if (linked !== undefined) {
        layer.put(target, { ...entry, linkTarget: linked }, placement.owner);
        continue;
      }
      // The linked file is outside what is copied: copy the file itself.
      const file = tree.get(entry.linkTarget!);
      if (file) layer.put(target, retarget({ ...file, path: entry.path }, placement), placement.owner);
      continue;
    }
    links.set(entry.path, layer.resolve(target));
    layer.put(target, retarget(entry, placement), placement.owner);
  }
}

/** ADD's local archives: a tar, or a gzip-compressed tar, is extracted into the destination. */
async function extractArchive(layer: LayerEntries, file: TreeEntry, destination: string): Promise<boolean> {
  let data = file.data ?? new Uint8Array();
  if (isGzip(data)) {
    try {
      data = await gunzip(data);
    } catch {
      return false;
    }
  }
  if (!isTar(data)) return false;
  const links = new Map<string, string>();
  for (const entry of readTar(data)) {
    const path = normalizeArchivePath(entry.path);
    if (path === undefined) throw new EngineError("invalid", `ADD failed: the archive's entry ${entry.path} leads outside the destination`);
    const target = join(destination, path).replace(/\/$/, "");
    const node: TreeEntry = { path: entry.path, type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime, data: entry.data };
    if (entry.type === "symlink") node.linkTarget = entry.linkTarget;
    if (entry.type === "hardlink") {
      const linked = links.get(normalizeArchivePath(entry.linkTarget ?? "") ?? "");
      if (linked === undefined) throw new EngineError("invalid", `ADD failed: the archive's hardlink ${entry.path} points to nothing before it`);
      node.linkTarget = linked;
    }
    if (path !== "") links.set(path, layer.resolve(target));
    layer.put(target, node, undefined);
  }
  return true;
}

/** A POSIX or GNU tar header at the start ("ustar" at offset 257). */
function isTar(data: Uint8Array): boolean {
  return data.length >= 512 && new TextDecoder().decode(data.subarray(257, 262)) === "ustar";
}

/** The layer's entries by path, with the directories leading to them. */
class LayerEntries {
  readonly #entries = new Map<string, TarWriterEntry>();

  constructor(
    private readonly image: RootfsTree,
    private readonly owner: Owner | undefined,
  ) {}

  /** The path with the image's symlinks among its existing directories resolved. */
  resolve(path: string): string {
    const parts = path.split("/").filter(Boolean);
    let resolved = "";
    for (let index = 0; index < parts.length; index++) {
      const candidate = join(resolved, parts[index]!);
      const last = index === parts.length - 1;
      const found = this.image.get(candidate);
      if (!last && found?.type === "symlink") {
        const target = resolveTreePath(this.image, candidate);
        resolved = target?.type === "dir" ? target.path : candidate;
      } else resolved = candidate;
    }
    return resolved;
  }

  isDirectory(path: string): boolean {
    const resolved = this.resolve(path);
    if (this.#entries.get(resolved)?.type === "dir") return true;
    return resolveTreePath(this.image, resolved)?.type === "dir";
  }

  put(path: string, entry: TreeEntry, owner: Owner | undefined): void {
    const resolved = this.resolve(path);
    if (resolved === "") return;
    this.ensureParents(parentPath(resolved));
    this.#entries.set(resolved, {
      path: resolved,
      type: entry.type,
      mode: entry.mode,
      uid: owner?.uid ?? entry.uid,
      gid: owner?.gid ?? entry.gid,
      mtime: entry.mtime,
      data: entry.type === "file" ? entry.data : undefined,
      linkTarget: entry.linkTarget,
      devMajor: entry.devMajor,
      devMinor: entry.devMinor,
    });
  }

  /** Existing directories keep their metadata; new ones are 0755, owned by --chown's owner or root. */
  private ensureParents(path: string): void {
    if (path === "" || this.#entries.has(path)) return;
    this.ensureParents(parentPath(path));
    const existing = this.image.get(path);
    if (existing?.type === "dir") {
      this.#entries.set(path, { path, type: "dir", mode: existing.mode, uid: existing.uid, gid: existing.gid, mtime: existing.mtime });
    } else {
      this.#entries.set(path, { path, type: "dir", mode: 0o755, uid: this.owner?.uid ?? 0, gid: this.owner?.gid ?? 0, mtime: Math.floor(Date.now() / 1000) });
    }
  }

  entries(): TarWriterEntry[] {
    return [...this.#entries.values()];
  }
}
