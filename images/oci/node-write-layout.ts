// Writes an in-memory OCI image layout to a directory, replacing whatever was there so no stale
// blob survives a rebuild.

import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { LayoutFiles } from "./layout-writer.ts";

export async function writeLayoutDirectory(directory: string, files: LayoutFiles): Promise<void> {
  await rm(directory, { recursive: true, force: true });
  for (const [path, contents] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = join(directory, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents);
  }
}
