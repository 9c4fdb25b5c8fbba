// Replacing a file so that readers, and a restart after a crash, see its old or its new contents
// in full, never a torn mix: write a temporary file next to it, fsync it, rename it over the old one.
// A crash can leave the temporary file behind; its name ends in ".tmp", for its owner to clean up.

import { randomUUID } from "node:crypto";
import { open, rename } from "node:fs/promises";

export const temporaryFileSuffix = ".tmp";

/** `mode`, when given, is the new file's permission bits exactly (the umask does not apply). */
export async function writeFileAtomically(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const temporaryPath = `${path}.${randomUUID()}${temporaryFileSuffix}`;
  const file = await open(temporaryPath, "w");
  try {
    await file.writeFile(data);
    if (mode !== undefined) await file.chmod(mode);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporaryPath, path);
}
