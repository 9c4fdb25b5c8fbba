// The sources of a COPY or ADD, found as Docker's classic builder finds them: in the build context
// or in an earlier stage's (or image's) root filesystem, with Go's filepath.Match wildcards, never
// outside that root. Each source also gets a content digest for the layer cache ("file:…",
// "dir:…", or "multi:…" for several, as Docker writes them into the step's history).

import { EngineError } from "../../src/api/errors.ts";
import { sha256Digest } from "../digest.ts";
import { resolveTreePath } from "../rootfs/tree-lookup.ts";
import type { RootfsTree, TreeEntry } from "../rootfs/tree.ts";

export interface CopySource {
  /** The tree the source is in (the context, a stage's root filesystem, a here-document's file). */
  tree: RootfsTree;
  /** The source's entry, a symlink named by the instruction followed (its path is the target's). */
  entry: TreeEntry;
  /** The name a file gets when placed into a directory: the last part of the path as written. */
  name: string;
}

export interface SourceRoot {
  tree: RootfsTree;
  /** True for the build context, whose missing files Docker explains by .dockerignore. */
  isContext: boolean;
}

const encoder = new TextEncoder();

/** True when the pattern holds an unescaped wildcard. */
export function hasWildcards(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") i++;
    else if (ch === "*" || ch === "?" || ch === "[") return true;
  }
  return false;
}

/** Go's filepath.Match as a RegExp: `*` and `?` stop at "/", classes with `^`, `\` escapes. */
export function wildcardPattern(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "\\" && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end === -1) throw new EngineError("invalid", `syntax error in pattern: ${pattern}`);
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith("^");
      if (negated) body = body.slice(1);
      source += `[${negated ? "^/" : ""}${body.replace(/[\]\\^]/g, "\\$&")}]`;
      i = end;
    } else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Resolves the instruction's source paths; Docker's errors for missing and outside paths. */
export function findCopySources(root: SourceRoot, patterns: string[], instruction: string): CopySource[] {
  const sources: CopySource[] = [];
  for (const pattern of patterns) sources.push(...findSource(root, pattern, instruction));
  if (sources.length === 0) throw new EngineError("invalid", `${instruction} failed: no source files were specified`);
  return sources;
}

function findSource(root: SourceRoot, pattern: string, instruction: string): CopySource[] {
  if (/^https?:\/\//i.test(pattern)) {
    throw new EngineError("invalid", instruction === "COPY" ? "source can't be a URL for COPY" : `${instruction} failed: berth's builder does not download URLs (${pattern})`);
  }
  const path = pattern.replace(/^\/+/, "").replace(/^\.\//, "");
  if (escapesRoot(path)) throw new EngineError("invalid", `${instruction} failed: forbidden path outside the build context: ${pattern} ()`);
  if (hasWildcards(path)) {
    const matcher = wildcardPattern(path.replace(/\/+$/, ""));
    return [...root.tree.keys()].filter((candidate) => candidate !== "" && matcher.test(candidate)).map((candidate) => single(root, candidate, instruction));
  }
  return [single(root, path, instruction)];
}

function single(root: SourceRoot, path: string, instruction: string): CopySource {
  const entry = resolveTreePath(root.tree, path);
  if (!entry) {
    const cause = `stat ${path.replace(/\/+$/, "") || "."}: file does not exist`;
    const reason = root.isContext ? `file not found in build context or excluded by .dockerignore: ${cause}` : cause;
    throw new EngineError("invalid", `${instruction} failed: ${reason}`);
  }
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  return { tree: root.tree, entry, name: parts.at(-1) ?? "" };
}

/** True when ".." climbs above the root. */
function escapesRoot(path: string): boolean {
  let depth = 0;
  for (const part of path.split("/")) {
    if (part === "..") depth--;
    else if (part !== "" && part !== ".") depth++;
    if (depth < 0) return true;
  }
  return false;
}

/** The entries a source brings: itself, and for a directory everything below it. */
export function entriesBelow(tree: RootfsTree, entry: TreeEntry): TreeEntry[] {
  if (entry.type !== "dir") return [entry];
  const prefix = entry.path === "" ? "" : `${entry.path}/`;
  return [...tree.values()].filter((candidate) => candidate.path === entry.path || (candidate.path.startsWith(prefix) && candidate.path !== ""));
}

/** The digest of what the sources bring (names, types, modes, owners, link targets and contents). */
export async function sourcesDigest(sources: CopySource[]): Promise<string> {
  const digests: string[] = [];
  for (const source of sources) {
    const base = source.entry.path;
    const lines: string[] = [];
    for (const entry of entriesBelow(source.tree, source.entry)) {
      const relative = entry.path.slice(base.length);
      const content = entry.type === "file" ? await sha256Digest(entry.data ?? new Uint8Array()) : (entry.linkTarget ?? "");
      lines.push(JSON.stringify([relative, entry.type, entry.mode, entry.uid, entry.gid, content]));
    }
    const digest = (await sha256Digest(encoder.encode(lines.join("\n")))).replace(/^sha256:/, "");
    digests.push(`${source.entry.type === "dir" ? "dir" : "file"}:${digest}`);
  }
  if (digests.length === 1) return digests[0]!;
  return `multi:${(await sha256Digest(encoder.encode(digests.join(",")))).replace(/^sha256:/, "")}`;
}
