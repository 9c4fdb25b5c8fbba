// Image references as docker shows them: split into name, tag and digest, and written in the
// "familiar" form without the default registry (docker.io/library/busybox → busybox).

export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

const defaultRegistries = ["docker.io/", "index.docker.io/"];

export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf("@");
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const named = at >= 0 ? reference.slice(0, at) : reference;
  const colon = named.lastIndexOf(":");
  if (colon > named.lastIndexOf("/")) return { name: named.slice(0, colon), tag: named.slice(colon + 1), digest };
  return { name: named, digest };
}

export function familiarName(name: string): string {
  const registry = defaultRegistries.find((prefix) => name.startsWith(prefix));
  const path = registry ? name.slice(registry.length) : name;
  const isOfficial = path.startsWith("library/") && path.indexOf("/", "library/".length) < 0;
  return isOfficial ? path.slice("library/".length) : path;
}
