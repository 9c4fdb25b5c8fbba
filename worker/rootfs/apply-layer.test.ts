import { execFileSync } from "node:child_process";
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { applyLayers, normalizeArchivePath } from "./apply-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { parentPath, type RootfsTree } from "./tree.ts";

const text = (s: string) => new TextEncoder().encode(s);
const layer = (...entries: TarWriterEntry[]) => readTar(writeTar(entries));
const paths = (tree: RootfsTree) => [...tree.keys()].filter((p) => p !== "").sort();
const contents = (tree: RootfsTree, path: string) => new TextDecoder().decode(tree.get(path)?.data);

/** Every entry's parent is an earlier directory; every hardlink's target is an earlier non-link. */
function expectInvariants(tree: RootfsTree): void {
  const seen = new Set<string>();
  for (const [path, entry] of tree) {
    expect(entry.path).toBe(path);
    if (path !== "") {
      expect(seen.has(parentPath(path)), `parent of ${path} comes first`).toBe(true);
      expect(tree.get(parentPath(path))!.type).toBe("dir");
    }
    if (entry.type === "hardlink") {
      expect(seen.has(entry.linkTarget!), `target of ${path} comes first`).toBe(true);
      expect(tree.get(entry.linkTarget!)!.type).not.toMatch(/hardlink|dir/);
    }
    seen.add(path);
  }
}

describe("normalizeArchivePath", () => {
  it.each([
    ["./bin/sh", "bin/sh"],
    ["/etc//passwd", "etc/passwd"],
    ["a/./b/../c/", "a/c"],
    [".", ""],
    ["./", ""],
    ["../etc/passwd", undefined],
    ["a/../../b", undefined],
    ["/..", undefined],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeArchivePath(input)).toBe(expected);
  });
});

describe("applyLayers", () => {
  it("builds a tree with implicit parents and preserved modes", () => {
    const tree = applyLayers([
      layer(
        { path: "./usr/bin/passwd", type: "file", mode: 0o4755, data: text("pw"), mtime: 42 },
        { path: "tmp/", type: "dir", mode: 0o1777 },
        { path: "usr/local/bin/tool", type: "file", mode: 0o2711, gid: 50 },
        { path: "dev/null", type: "char", mode: 0o666, devMajor: 1, devMinor: 3 },
      ),
    ]);
    expect(paths(tree)).toEqual(["dev", "dev/null", "tmp", "usr", "usr/bin", "usr/bin/passwd", "usr/local", "usr/local/bin", "usr/local/bin/tool"]);
    expect(tree.get("usr/bin/passwd")).toMatchObject({ type: "file", mode: 0o4755, mtime: 42 });
    expect(tree.get("usr")).toMatchObject({ type: "dir", mode: 0o755, uid: 0 });
    expect(tree.get("tmp")!.mode).toBe(0o1777);
    expect(tree.get("usr/local/bin/tool")).toMatchObject({ mode: 0o2711, gid: 50 });
    expect(tree.get("dev/null")).toMatchObject({ type: "char", devMajor: 1, devMinor: 3 });
    expectInvariants(tree);
  });

  it("updates a directory's metadata in place and keeps its children", () => {
    const tree = applyLayers([
      layer({ path: "etc", type: "dir", mode: 0o755 }, { path: "etc/hosts", type: "file", data: text("h") }),
      layer({ path: "etc", type: "dir", mode: 0o750, uid: 3 }),
    ]);
    expect(tree.get("etc")).toMatchObject({ mode: 0o750, uid: 3 });
    expect(contents(tree, "etc/hosts")).toBe("h");
  });

  it("lets the root entry set the root's metadata", () => {
    const tree = applyLayers([layer({ path: "./", type: "dir", mode: 0o700 })]);
    expect(tree.get("")).toMatchObject({ type: "dir", mode: 0o700 });
  });

  it("replaces a lower file, and a lower directory with all it held", () => {
    const tree = applyLayers([
      layer({ path: "a", type: "file", data: text("old") }, { path: "d/x", type: "file" }, { path: "d/y/z", type: "file" }),
      layer({ path: "a", type: "file", data: text("new") }, { path: "d", type: "symlink", linkTarget: "a" }),
    ]);
    expect(contents(tree, "a")).toBe("new");
    expect(tree.get("d")).toMatchObject({ type: "symlink", linkTarget: "a" });
    expect(paths(tree)).toEqual(["a", "d"]);
    expectInvariants(tree);
  });

  it("replaces a lower non-directory with a directory when an upper entry needs it as a parent", () => {
    const tree = applyLayers([layer({ path: "opt", type: "file" }), layer({ path: "opt/app/run", type: "file" })]);
    expect(tree.get("opt")!.type).toBe("dir");
    expectInvariants(tree);
  });

  describe("whiteouts", () => {
    const base = () =>
      layer(
      { path: "etc/motd", type: "file", data: text("hi") },
      { path: "etc/issue", type: "file" },
      { path: "var/cache/apt/pkgcache.bin", type: "file" },
      { path: "var/cache/apt/archives/partial", type: "dir" },
      { path: "var/cache/debconf/config.dat", type: "file" },
    );

    it("hides a lower file and a lower directory's subtree", () => {
      const tree = applyLayers([base(), layer({ path: "etc/.wh.motd", type: "file" }, { path: "var/cache/.wh.apt", type: "file" })]);
      expect(paths(tree)).toEqual(["etc", "etc/issue", "var", "var/cache", "var/cache/debconf", "var/cache/debconf/config.dat"]);
      expectInvariants(tree);
    });

    it("hides only lower entries: a whiteout never removes what its own layer adds", () => {
      const tree = applyLayers([
        base(),
        // The whiteout comes after the new file in the archive, yet only the old one goes.
        layer({ path: "etc/motd", type: "file", data: text("new") }, { path: "etc/.wh.motd", type: "file" }),
      ]);
      expect(contents(tree, "etc/motd")).toBe("new");
    });

    it("clears a directory marked opaque, keeping what the layer adds to it", () => {
      const tree = applyLayers([
        base(),
        layer(
          { path: "var/cache", type: "dir", mode: 0o700 },
          { path: "var/cache/fresh", type: "file" },
          { path: "var/cache/.wh..wh..opq", type: "file" },
        ),
      ]);
      expect(paths(tree)).toEqual(["etc", "etc/issue", "etc/motd", "var", "var/cache", "var/cache/fresh"]);
      expect(tree.get("var/cache")!.mode).toBe(0o700);
      expectInvariants(tree);
    });

    it("ignores a whiteout for something that does not exist and never adds whiteout files", () => {
      const tree = applyLayers([base(), layer({ path: "nowhere/.wh.ghost", type: "file" }, { path: ".wh..wh.plnk", type: "dir" })]);
      expect(paths(tree).some((p) => p.includes(".wh."))).toBe(false);
      expect(tree.has("nowhere")).toBe(false);
    });

    it("can hide and recreate in the next layer", () => {
      const tree = applyLayers([base(), layer({ path: "etc/.wh.motd", type: "file" }), layer({ path: "etc/motd", type: "file", data: text("back") })]);
      expect(contents(tree, "etc/motd")).toBe("back");
    });
  });

  describe("hardlinks", () => {
    it("points every link at the file itself, with the file's metadata", () => {
      const tree = applyLayers([
        layer(
          { path: "bin/busybox", type: "file", mode: 0o4755, data: text("bb") },
          { path: "bin/sh", type: "hardlink", linkTarget: "bin/busybox" },
          { path: "bin/ls", type: "hardlink", linkTarget: "./bin/sh" },
        ),
      ]);
      expect(tree.get("bin/sh")).toMatchObject({ type: "hardlink", linkTarget: "bin/busybox", mode: 0o4755 });
      expect(tree.get("bin/ls")).toMatchObject({ type: "hardlink", linkTarget: "bin/busybox" });
      expectInvariants(tree);
    });

    it("links to a file in a lower layer", () => {
      const tree = applyLayers([layer({ path: "a", type: "file" }), layer({ path: "b", type: "hardlink", linkTarget: "/a" })]);
      expect(tree.get("b")!.linkTarget).toBe("a");
    });

    it("keeps the contents when the linked file is removed: the first link takes its place", () => {
      const tree = applyLayers([
        layer(
          { path: "bin/busybox", type: "file", mode: 0o755, data: text("bb") },
          { path: "bin/sh", type: "hardlink", linkTarget: "bin/busybox" },
          { path: "bin/ls", type: "hardlink", linkTarget: "bin/busybox" },
        ),
        layer({ path: "bin/.wh.busybox", type: "file" }),
      ]);
      expect(tree.get("bin/sh")).toMatchObject({ type: "file", mode: 0o755 });
      expect(contents(tree, "bin/sh")).toBe("bb");
      expect(tree.get("bin/ls")).toMatchObject({ type: "hardlink", linkTarget: "bin/sh" });
      expectInvariants(tree);
    });

    it("keeps the link when the linked file is replaced", () => {
      const tree = applyLayers([
        layer({ path: "a", type: "file", data: text("old") }, { path: "b", type: "hardlink", linkTarget: "a" }),
        layer({ path: "a", type: "file", data: text("new") }),
      ]);
      expect(contents(tree, "a")).toBe("new");
      expect(contents(tree, "b")).toBe("old");
      expectInvariants(tree);
    });

    it.each([
      ["outside the root", "../../etc/shadow", /hardlink target "..\/..\/etc\/shadow" is outside the root filesystem/],
      ["missing", "no/such/file", /hardlink target "no\/such\/file" is not in this layer or below/],
      ["a directory", "etc", /hardlink target "etc" is a directory/],
      ["below a symlink", "link/passwd", /hardlink target "link\/passwd" is not in this layer or below/],
    ])("refuses a hardlink to something %s", (_, linkTarget, message) => {
      const hostile = layer(
        { path: "etc/passwd", type: "file" },
        { path: "link", type: "symlink", linkTarget: "/etc" },
        { path: "x", type: "hardlink", linkTarget },
      );
      expect(() => applyLayers([hostile])).toThrow(message);
    });
  });

  describe("hostile entries", () => {
    it.each([
      ["../evil", /refusing layer entry "..\/evil": its path leads outside the root filesystem/],
      ["a/../../evil", /refusing layer entry "a\/..\/..\/evil": its path leads outside/],
      ["etc/.wh...", /malformed whiteout name/],
    ])("refuses %s", (path, message) => {
      expect(() => applyLayers([layer({ path, type: "file" })])).toThrow(message);
    });

    it("contains an absolute path by stripping the leading slash", () => {
      const tree = applyLayers([layer({ path: "/etc/passwd", type: "file", data: text("root") })]);
      expect(contents(tree, "etc/passwd")).toBe("root");
    });

    it("refuses an entry written through a symlink planted earlier in the same layer", () => {
      const hostile = layer({ path: "escape", type: "symlink", linkTarget: "/" }, { path: "escape/etc/passwd", type: "file" });
      expect(() => applyLayers([hostile])).toThrow(/refusing layer entry "escape\/etc\/passwd": "escape" is a symlink and is never followed/);
    });

    it("refuses an entry written through a symlink from a lower layer", () => {
      const lower = layer({ path: "usr/lib", type: "dir" }, { path: "lib", type: "symlink", linkTarget: "usr/lib" });
      expect(() => applyLayers([lower, layer({ path: "lib/x86_64/libc.so", type: "file" })])).toThrow(/"lib" is a symlink/);
    });

    it("refuses a whiteout below a symlink", () => {
      const lower = layer({ path: "etc/passwd", type: "file" }, { path: "link", type: "symlink", linkTarget: "etc" });
      expect(() => applyLayers([lower, layer({ path: "link/.wh.passwd", type: "file" })])).toThrow(/"link" is a symlink/);
    });

    it("refuses to make the root anything but a directory", () => {
      expect(() => applyLayers([layer({ path: "./", type: "symlink", linkTarget: "/" })])).toThrow(/the root can only be a directory/);
    });
  });
});

describe("applyLayers on an archive from GNU tar", () => {
  it("unpacks a directory tree with its root entry, hardlinks, symlinks and modes", () => {
    const work = mkdtempSync(join(tmpdir(), "berth-apply-"));
    try {
      const root = join(work, "root");
      mkdirSync(join(root, "usr/bin"), { recursive: true });
      writeFileSync(join(root, "usr/bin/tool"), "tool");
      chmodSync(join(root, "usr/bin/tool"), 0o4711);
      linkSync(join(root, "usr/bin/tool"), join(root, "usr/bin/alias"));
      symlinkSync("usr/bin", join(root, "bin"));
      const archive = join(work, "layer.tar");
      execFileSync("tar", ["--format=gnu", "--sort=name", "--owner=0", "--group=0", "-cf", archive, "-C", root, "."]);
      const tree = applyLayers([readTar(new Uint8Array(readFileSync(archive)))]);
      expect(paths(tree)).toEqual(["bin", "usr", "usr/bin", "usr/bin/alias", "usr/bin/tool"]);
      expect(tree.get("usr/bin/alias")).toMatchObject({ type: "file", mode: 0o4711, uid: 0 });
      expect(tree.get("usr/bin/tool")).toMatchObject({ type: "hardlink", linkTarget: "usr/bin/alias", mode: 0o4711 });
      expect(tree.get("bin")).toMatchObject({ type: "symlink", linkTarget: "usr/bin" });
      expectInvariants(tree);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
