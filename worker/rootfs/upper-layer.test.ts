import { describe, expect, it } from "vitest";
import { readTar } from "../../src/tar/tar-reader.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { layerChanges } from "./layer-changes.ts";
import { createRootfsTree, type RootfsTree } from "./tree.ts";
import { upperToLayer } from "./upper-layer.ts";

const text = (s: string) => new TextEncoder().encode(s);

/** What busybox tar makes of an upper directory: "./"-prefixed paths, whiteouts as 0/0 character devices. */
const upper: TarWriterEntry[] = [
  { path: "./", type: "dir" },
  { path: "./etc/", type: "dir" },
  { path: "./etc/hostname", type: "file", data: text("changed\n") },
  { path: "./etc/motd", type: "char", devMajor: 0, devMinor: 0 },
  { path: "./srv/", type: "dir", mode: 0o700, uid: 5, gid: 6 },
  { path: "./srv/new.txt", type: "file", data: text("new\n") },
  { path: "./srv/again", type: "hardlink", linkTarget: "./srv/new.txt" },
  { path: "./tmp/", type: "dir" },
];

function lower(): RootfsTree {
  const tree = createRootfsTree();
  for (const path of ["etc", "tmp", "tmp/old"]) tree.set(path, { path, type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: 0 });
  for (const path of ["etc/hostname", "etc/motd"]) tree.set(path, { path, type: "file", mode: 0o644, uid: 0, gid: 0, mtime: 0, data: text("x") });
  return tree;
}

describe("a container's upper directory as an OCI layer", () => {
  const layer = [...readTar(upperToLayer(writeTar(upper), ["./tmp"]))];

  it("drops the ./ prefix and the root entry, and keeps modes and owners", () => {
    expect(layer.map((entry) => entry.path)).toEqual(["etc", "etc/hostname", "etc/.wh.motd", "srv", "srv/new.txt", "srv/again", "tmp", "tmp/.wh..wh..opq"]);
    expect(layer.find((entry) => entry.path === "srv")).toMatchObject({ type: "dir", mode: 0o700, uid: 5, gid: 6 });
    expect(layer.find((entry) => entry.path === "srv/again")).toMatchObject({ type: "hardlink", linkTarget: "srv/new.txt" });
  });

  it("spells overlayfs whiteouts and opaque directories as OCI whiteout files", () => {
    expect(layer.find((entry) => entry.path === "etc/.wh.motd")).toMatchObject({ type: "file", data: new Uint8Array() });
    expect(layer.find((entry) => entry.path === "tmp/.wh..wh..opq")).toMatchObject({ type: "file" });
  });

  it("reports Docker's changes: C for what was there, A for what was not, D for whiteouts", () => {
    const changes = layerChanges(upperToLayer(writeTar(upper), ["./tmp"]), lower());
    expect(changes).toEqual([
      { Path: "/etc", Kind: 0 },
      { Path: "/etc/hostname", Kind: 0 },
      { Path: "/etc/motd", Kind: 2 },
      { Path: "/srv", Kind: 1 },
      { Path: "/srv/again", Kind: 1 },
      { Path: "/srv/new.txt", Kind: 1 },
      { Path: "/tmp", Kind: 0 },
    ]);
  });
});
