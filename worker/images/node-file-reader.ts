// A ReadBlob over the file system, for the engine under Node: paths are resolved below `root`.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReadBlob } from "./oci-layout.ts";

export function nodeFileReader(root: string): ReadBlob {
  return async (path) => new Uint8Array(await readFile(join(root, path)));
}
