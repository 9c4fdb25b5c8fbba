import { describe, expect, it } from "vitest";
import { createRootfsTree, type RootfsTree, type TreeEntry } from "../rootfs/tree.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { destinationPath, placeSources, type CopyPlacement } from "./copy-layer.ts";
import { findCopySources, sourcesDigest } from "./copy-sources.ts";

const encoder = new TextEncoder();

function tree(entries: Partial<TreeEntry>[]): RootfsTree {
  const result = createRootfsTree();
  for (const entry of entries) {
    result.set(entry.path!, { type: "file", mode: 0o644, uid: 1000, gid: 1000, mtime: 7, ...entry } as TreeEntry);
  }
  return result;
}

const context = tree([
  { path: "app.txt", data: encoder.encode("app") },
  { path: "src", type: "dir", mode: 0o750 },
  { path: "src/a.c", data: encoder.encode("a") },
  { path: "src/lib", type: "dir", mode: 0o755 },
  { path: "src/lib/b.c", data: encoder.encode("b") },
  { path: "notes.md", data: encoder.encode("n") },
  { path: "link", type: "symlink", linkTarget: "app.txt" },
]);

const image = tree([
  { path: "bin", type: "symlink", linkTarget: "usr/bin", uid: 0, gid: 0 },
  { path: "usr", type: "dir", mode: 0o755, uid: 0, gid: 0 },
  { path: "usr/bin", type: "dir", mode: 0o755, uid: 0, gid: 0 },
  { path: "app", type: "dir", mode: 0o700, uid: 5, gid: 5 },
]);

async function place(patterns: string[], dest: string, options: Partial<CopyPlacement> = {}) {
  const sources = findCopySources({ tree: context, isContext: true }, patterns, "COPY");
  const entries = await placeSources({ instruction: "COPY", sources, dest, workdir: "/", imageTree: image, owner: { uid: 0, gid: 0 }, ...options });
  return entries.map((entry) => `${entry.type} ${entry.path} ${(entry.mode ?? 0).toString(8)} ${entry.uid}:${entry.gid}`);
}

describe("COPY placement", () => {
  it("resolves a relative destination below WORKDIR and keeps a trailing slash", () => {
    expect(destinationPath("x", "/srv")).toBe("/srv/x");
    expect(destinationPath(".", "/srv")).toBe("/srv/");
    expect(destinationPath("out/", "")).toBe("/out/");
    expect(destinationPath("/abs/../y", "/srv")).toBe("/y");
  });

  it("puts a file into an existing directory or one ending in /, else makes it the destination", async () => {
    expect(await place(["app.txt"], "/app")).toEqual(["dir app 700 5:5", "file app/app.txt 644 0:0"]);
    expect(await place(["app.txt"], "/new/")).toEqual(["dir new 755 0:0", "file new/app.txt 644 0:0"]);
    expect(await place(["app.txt"], "/new/renamed.txt")).toEqual(["dir new 755 0:0", "file new/renamed.txt 644 0:0"]);
  });

  it("copies a directory's contents, not the directory itself", async () => {
    expect(await place(["src"], "/code")).toEqual([
      "dir code 750 0:0",
      "file code/a.c 644 0:0",
      "dir code/lib 755 0:0",
      "file code/lib/b.c 644 0:0",
    ]);
  });

  it("matches wildcards and needs a directory destination for several sources", async () => {
    expect(await place(["*.txt", "*.md"], "/docs/")).toEqual(["dir docs 755 0:0", "file docs/app.txt 644 0:0", "file docs/notes.md 644 0:0"]);
    await expect(place(["*.txt", "*.md"], "/docs")).rejects.toThrow("When using COPY with more than one source file, the destination must be a directory and end with a /");
  });

  it("writes through the image's symlinked directories and follows a symlinked source", async () => {
    expect(await place(["link"], "/bin/")).toEqual(["dir usr 755 0:0", "dir usr/bin 755 0:0", "file usr/bin/link 644 0:0"]);
  });

  it("applies --chown to files and the directories it makes, and --chmod to the files", async () => {
    expect(await place(["app.txt"], "/opt/x/", { owner: { uid: 10, gid: 20 }, mode: 0o600 })).toEqual([
      "dir opt 755 10:20",
      "dir opt/x 755 10:20",
      "file opt/x/app.txt 600 10:20",
    ]);
    expect(await place(["app.txt"], "/keep", { owner: undefined })).toEqual(["file keep 644 1000:1000"]);
  });

  it("refuses paths outside the context and says what is missing", () => {
    expect(() => findCopySources({ tree: context, isContext: true }, ["../secret"], "COPY")).toThrow(
      "COPY failed: forbidden path outside the build context: ../secret ()",
    );
    expect(() => findCopySources({ tree: context, isContext: true }, ["missing.txt"], "COPY")).toThrow(
      "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist",
    );
    expect(() => findCopySources({ tree: context, isContext: true }, ["*.none"], "ADD")).toThrow("ADD failed: no source files were specified");
  });

  it("extracts a local tar archive with ADD, gzip-compressed too", async () => {
    const archive = writeTar([
      { path: "pkg/", type: "dir" },
      { path: "pkg/readme", type: "file", data: encoder.encode("r"), uid: 3, gid: 3 },
    ]);
    const gzipped = new Uint8Array(await new Response(new Blob([archive as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
    for (const data of [archive, gzipped]) {
      const sources = findCopySources({ tree: tree([{ path: "pkg.tar.gz", data }]), isContext: true }, ["pkg.tar.gz"], "ADD");
      const entries = await placeSources({ instruction: "ADD", sources, dest: "/opt", workdir: "/", imageTree: image, owner: { uid: 0, gid: 0 } });
      expect(entries.map((entry) => `${entry.type} ${entry.path} ${entry.uid}`)).toEqual(["dir opt 0", "dir opt/pkg 0", "file opt/pkg/readme 3"]);
    }
  });

  it("digests the sources' names, modes and contents for the cache", async () => {
    const digest = (root: RootfsTree, patterns: string[]) => sourcesDigest(findCopySources({ tree: root, isContext: true }, patterns, "COPY"));
    const first = await digest(context, ["src"]);
    expect(first).toMatch(/^dir:[0-9a-f]{64}$/);
    expect(await digest(context, ["src"])).toBe(first);
    const changed = new Map(context);
    changed.set("src/a.c", { ...context.get("src/a.c")!, data: encoder.encode("A") });
    expect(await digest(changed, ["src"])).not.toBe(first);
    expect(await digest(context, ["app.txt"])).toMatch(/^file:/);
    expect(await digest(context, ["app.txt", "notes.md"])).toMatch(/^multi:/);
  });
});
