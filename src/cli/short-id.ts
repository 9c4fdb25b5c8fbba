// Docker's short form of a container or image ID: without its algorithm prefix, 12 characters.

export function shortId(id: string): string {
  return id.slice(id.indexOf(":") + 1).slice(0, 12);
}
