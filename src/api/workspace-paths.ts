// Paths in the workspace, for the engine's stores and the page's shell alike: absolute and
// normalized, "/" separated, never above the root (".." at "/" stays at "/", as a shell's `cd ..` does).

export const workspaceRoot = "/";

/**
 * `path` made absolute (relative paths start from `base`) and normalized: no ".", "..", empty or
 * trailing elements.
 */
export function normalizeWorkspacePath(path: string, base: string = workspaceRoot): string {
  const parts: string[] = [];
  const whole = path.startsWith("/") ? path : `${base}/${path}`;
  for (const part of whole.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** The directory holding `path` ("/" for the root itself). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}

/** The last element of `path` ("/" for the root). */
export function baseName(path: string): string {
  return path === "/" ? "/" : path.slice(path.lastIndexOf("/") + 1);
}

export function joinPath(directory: string, name: string): string {
  return directory === "/" ? `/${name}` : `${directory}/${name}`;
}

/** True when `path` is `directory` or lies below it. */
export function isWithin(path: string, directory: string): boolean {
  return directory === "/" || path === directory || path.startsWith(`${directory}/`);
}

/** `path` as seen from `directory` (which holds it): "" for the directory itself. */
export function relativeTo(path: string, directory: string): string {
  if (path === directory) return "";
  return directory === "/" ? path.slice(1) : path.slice(directory.length + 1);
}

/** Every directory from the top down to `path` ("/a/b" → "/a", "/a/b"); none for the root. */
export function pathAncestry(path: string): string[] {
  const steps: string[] = [];
  for (let step = path; step !== "/"; step = parentPath(step)) steps.unshift(step);
  return steps;
}
