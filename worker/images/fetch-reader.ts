// A ReadBlob over HTTP: paths are resolved against a base URL (the site root in the browser).

import type { ReadBlob } from "./oci-layout.ts";

export function fetchReader(base: string | URL): ReadBlob {
  return async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${path}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
