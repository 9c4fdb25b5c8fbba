// `docker diff`: what a layer changes in the filesystem below it, as Docker reports it: a path the
// layer deletes (whiteout) is D, one that exists below is C (a directory whose contents changed
// included), any other is A. Sorted by path, absolute.

import type { FilesystemChange } from "../../src/api/container-types.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import type { RootfsTree } from "./tree.ts";
import { opaqueMarker, whiteoutPrefix } from "./upper-layer.ts";

const Kind = { modified: 0, added: 1, deleted: 2 } as const;

export function layerChanges(layerTar: Uint8Array, lower: RootfsTree): FilesystemChange[] {
  const changes = new Map<string, FilesystemChange>();
  for (const entry of readTar(layerTar)) {
    const path = entry.path.replace(/\/+$/, "");
    const slash = path.lastIndexOf("/");
    const name = path.slice(slash + 1);
    if (name === opaqueMarker) continue;
    if (name.startsWith(whiteoutPrefix)) {
      const deleted = `${path.slice(0, slash + 1)}${name.slice(whiteoutPrefix.length)}`;
      changes.set(deleted, { Path: `/${deleted}`, Kind: Kind.deleted });
      continue;
    }
    changes.set(path, { Path: `/${path}`, Kind: lower.has(path) ? Kind.modified : Kind.added });
  }
  return [...changes.values()].sort((a, b) => (a.Path < b.Path ? -1 : a.Path > b.Path ? 1 : 0));
}
