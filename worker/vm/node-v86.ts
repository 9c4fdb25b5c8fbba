// Node host glue: loads v86 from node_modules and guest assets from a directory.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import type { V86Constructor, V86Runtime } from "./v86-surface.ts";

export async function loadNodeV86Runtime(): Promise<V86Runtime> {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("v86/package.json"));
  const [library, wasmBytes, packageJson] = await Promise.all([
    import(join(packageDir, "build/libv86.mjs")) as Promise<{ V86: unknown }>,
    readFile(join(packageDir, "build/v86.wasm")),
    readFile(join(packageDir, "package.json"), "utf8"),
  ]);
  return {
    // v86.d.ts does not declare the internals GuestVm needs; see v86-surface.ts.
    V86: library.V86 as V86Constructor,
    wasm: await WebAssembly.compile(wasmBytes),
    version: (JSON.parse(packageJson) as { version: string }).version,
  };
}

/** An asset loader for GuestVm that reads files below `directory` (e.g. public/guest). */
export function nodeAssetLoader(directory: string): (name: string) => Promise<ArrayBuffer> {
  const root = resolve(directory);
  return async (name) => {
    const path = resolve(root, name);
    if (!path.startsWith(root + sep)) throw new Error(`asset ${name} is outside ${root}`);
    const bytes = await readFile(path);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  };
}
