import { describe, expect, it } from "vitest";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { applyLayers } from "./apply-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { readTreeFile, resolveTreePath } from "./tree-lookup.ts";

const text = (s: string) => new TextEncoder().encode(s);
const tree = applyLayers([
  readTar(
    writeTar([
      { path: "etc/os-release", type: "symlink", linkTarget: "../usr/lib/os-release" },
      { path: "usr/lib/os-release", type: "file", data: text("ID=test") },
      { path: "lib", type: "symlink", linkTarget: "usr/lib" },
      { path: "abs", type: "symlink", linkTarget: "/usr/lib/os-release" },
      { path: "escape", type: "symlink", linkTarget: "../../../../usr/lib/os-release" },
      { path: "loop-a", type: "symlink", linkTarget: "loop-b" },
      { path: "loop-b", type: "symlink", linkTarget: "loop-a" },
      { path: "hard", type: "hardlink", linkTarget: "usr/lib/os-release" },
      { path: "dangling", type: "symlink", linkTarget: "/nowhere" },
    ]),
  ),
]);

describe("resolveTreePath", () => {
  it.each([
    ["etc/os-release", "ID=test"],
    ["/lib/os-release", "ID=test"],
    ["abs", "ID=test"],
    ["escape", "ID=test"], // ".." stops at the root, as in a chroot
    ["hard", "ID=test"],
    ["usr/./lib/../lib/os-release", "ID=test"],
  ])("%s", (path, contents) => {
    expect(new TextDecoder().decode(readTreeFile(tree, path))).toBe(contents);
  });

  it.each(["loop-a", "dangling", "usr/lib/os-release/x", "missing"])("%s does not resolve to a file", (path) => {
    expect(readTreeFile(tree, path)).toBeUndefined();
  });

  it("resolves directories too", () => {
    expect(resolveTreePath(tree, "lib")?.type).toBe("dir");
  });
});
