// The files of an image archive (`docker load`'s input), read from its tar in memory. The archive
// is untrusted: an entry whose path climbs out of it is refused, and links are followed only
// inside it (Docker's older `docker save` links a repeated layer.tar to the first copy); a link
// that leads out of the archive, or goes round in circles, is refused when it is read.

import { EngineError } from "../../src/api/errors.ts";
import { readTar, type TarEntry } from "../../src/tar/tar-reader.ts";
import { normalizeArchivePath } from "../rootfs/apply-layer.ts";

export interface ArchiveFiles {
  /** The regular file at `path` (relative to the archive's root), links followed; undefined when there is none. */
  read(path: string): Uint8Array | undefined;
  /** Whether the archive has any entry at `path`. */
  has(path: string): boolean;
}

/** Docker's limit on how many links one lookup may follow. */
const MAX_LINK_HOPS = 255;

export function invalidArchive(message: string): EngineError {
  return new EngineError("invalid", `invalid archive: ${message}`);
}

type StoredEntry = Pick<TarEntry, "type" | "data" | "linkTarget">;

function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

class TarArchiveFiles implements ArchiveFiles {
  readonly #entries = new Map<string, StoredEntry>();

  constructor(tar: Uint8Array) {
    for (const entry of readTar(tar)) {
      const path = normalizeArchivePath(entry.path);
      if (path === undefined) throw invalidArchive(`entry "${entry.path}" leads outside the archive`);
      if (path !== "") this.#entries.set(path, { type: entry.type, data: entry.data, linkTarget: entry.linkTarget });
    }
  }

  has(path: string): boolean {
    return this.#entries.has(path);
  }

  read(path: string): Uint8Array | undefined {
    const hops = { count: 0 };
    let real = this.#resolve(path, hops);
    let entry = real === undefined ? undefined : this.#entries.get(real);
    while (entry?.type === "hardlink") {
      this.#hop(path, hops);
      const target = normalizeArchivePath(entry.linkTarget ?? "");
      if (target === undefined) throw invalidArchive(`hardlink "${real}" points outside the archive`);
      real = this.#resolve(target, hops);
      entry = real === undefined ? undefined : this.#entries.get(real);
    }
    return entry?.type === "file" ? entry.data : undefined;
  }

  /** The path with every symlink along it replaced by its target, inside the archive; undefined if a part is missing. */
  #resolve(path: string, hops: { count: number }): string | undefined {
    let pending = path.split("/").filter((part) => part !== "" && part !== ".");
    let resolved = "";
    while (pending.length > 0) {
      const part = pending.shift()!;
      const candidate = normalizeArchivePath(`${resolved}/${part}`);
      if (candidate === undefined) throw invalidArchive(`"${path}" leads outside the archive`);
      const entry = this.#entries.get(candidate);
      if (entry?.type !== "symlink") {
        resolved = candidate;
        continue;
      }
      this.#hop(path, hops);
      const target = entry.linkTarget ?? "";
      const followed = target.startsWith("/") ? undefined : normalizeArchivePath(`${parentOf(candidate)}/${target}`);
      if (followed === undefined) throw invalidArchive(`symlink "${candidate}" -> "${target}" points outside the archive`);
      pending = [...followed.split("/").filter((item) => item !== ""), ...pending];
      resolved = "";
    }
    return resolved === "" || this.#entries.has(resolved) ? resolved : undefined;
  }

  #hop(path: string, hops: { count: number }): void {
    if (++hops.count > MAX_LINK_HOPS) throw invalidArchive(`too many levels of links reading "${path}"`);
  }
}

/** Reads the archive's entries; throws EngineError("invalid") for a corrupt or truncated tar or an escaping path. */
export function readArchiveFiles(tar: Uint8Array): ArchiveFiles {
  return new TarArchiveFiles(tar);
}
