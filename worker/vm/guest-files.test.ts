import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RootfsTree, TreeEntry } from "../rootfs/tree.ts";
import { GuestFiles } from "./guest-files.ts";
import { loadNodeV86Runtime } from "./node-v86.ts";
import type { V86Emulator, V86Filesystem, V86Options } from "./v86-surface.ts";

// A real v86 instance (never started) provides the genuine 9p filesystem implementation.
interface TestEmulator extends V86Emulator {
  fs9p: V86Filesystem;
  read_file(path: string): Promise<Uint8Array>;
}

let emulator: TestEmulator;
let fs: V86Filesystem;
let files: GuestFiles;

beforeAll(async () => {
  const runtime = await loadNodeV86Runtime();
  const options: Partial<V86Options> = {
    wasm_fn: async (imports) => (await WebAssembly.instantiate(runtime.wasm, imports)).exports,
    memory_size: 16 * 1024 * 1024,
    filesystem: {},
    autostart: false,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  };
  const created = new runtime.V86(options as V86Options) as TestEmulator;
  await new Promise<void>((resolve) => created.add_listener("emulator-loaded", () => resolve()));
  emulator = created;
  fs = created.fs9p;
});

afterAll(async () => {
  await emulator?.destroy();
});

beforeEach(async () => {
  files = new GuestFiles(fs);
  await files.remove("images");
});

const text = (value: string) => new TextEncoder().encode(value);

function entry(path: string, type: TreeEntry["type"], extra: Partial<TreeEntry> = {}): TreeEntry {
  return { path, type, mode: type === "dir" ? 0o755 : 0o644, uid: 0, gid: 0, mtime: 1_700_000_000, ...extra };
}

function tree(...entries: TreeEntry[]): RootfsTree {
  return new Map(entries.map((item) => [item.path, item]));
}

function inodeAt(path: string) {
  let id = 0;
  for (const part of path.split("/")) {
    id = fs.Search(id, part);
    if (id === -1) return undefined;
  }
  return { id, inode: fs.inodes[id] };
}

describe("GuestFiles.writeTree", () => {
  it("creates every entry type with its metadata", async () => {
    await files.writeTree(
      "images/ab/rootfs",
      tree(
        entry("", "dir", { mode: 0o755, mtime: 1_600_000_000 }),
        entry("bin", "dir", { mode: 0o751, uid: 3, gid: 4 }),
        entry("bin/busybox", "file", { mode: 0o4755, data: text("ELF..."), uid: 0, gid: 0, mtime: 1_650_000_000 }),
        entry("bin/sh", "symlink", { mode: 0o777, linkTarget: "busybox" }),
        entry("tmp", "dir", { mode: 0o1777 }),
        entry("usr", "dir", { mode: 0o2775, gid: 50 }),
        entry("dev", "dir"),
        entry("dev/null", "char", { mode: 0o666, devMajor: 1, devMinor: 3 }),
        entry("dev/loop0", "block", { mode: 0o660, devMajor: 7, devMinor: 0, gid: 6 }),
        entry("run", "dir"),
        entry("run/fifo", "fifo", { mode: 0o600 }),
        entry("etc", "dir"),
        entry("etc/empty", "file", { mode: 0o600, uid: 1000, gid: 1000 }),
      ),
    );

    const root = inodeAt("images/ab/rootfs")!.inode;
    expect(root.mode).toBe(0o040755);
    expect(root.mtime).toBe(1_600_000_000);
    expect(inodeAt("images/ab/rootfs/bin")!.inode).toMatchObject({ mode: 0o040751, uid: 3, gid: 4 });
    const busybox = inodeAt("images/ab/rootfs/bin/busybox")!.inode;
    expect(busybox).toMatchObject({ mode: 0o104755, size: 6, mtime: 1_650_000_000, ctime: 1_650_000_000 });
    expect(await emulator.read_file("images/ab/rootfs/bin/busybox")).toEqual(text("ELF..."));
    expect(inodeAt("images/ab/rootfs/bin/sh")!.inode).toMatchObject({ mode: 0o120777, symlink: "busybox", size: 7 });
    expect(inodeAt("images/ab/rootfs/tmp")!.inode.mode).toBe(0o041777);
    expect(inodeAt("images/ab/rootfs/usr")!.inode).toMatchObject({ mode: 0o042775, gid: 50 });
    expect(inodeAt("images/ab/rootfs/dev/null")!.inode).toMatchObject({ mode: 0o020666, major: 1, minor: 3 });
    expect(inodeAt("images/ab/rootfs/dev/loop0")!.inode).toMatchObject({ mode: 0o060660, major: 7, minor: 0, gid: 6 });
    expect(inodeAt("images/ab/rootfs/run/fifo")!.inode.mode).toBe(0o010600);
    expect(inodeAt("images/ab/rootfs/etc/empty")!.inode).toMatchObject({ mode: 0o100600, size: 0, uid: 1000, gid: 1000 });
    expect(await emulator.read_file("images/ab/rootfs/etc/empty")).toEqual(new Uint8Array(0));
  });

  it("creates missing prefix directories as 0755 root", async () => {
    await files.writeTree("images/cd/rootfs", tree(entry("", "dir")));
    expect(inodeAt("images")!.inode).toMatchObject({ mode: 0o040755, uid: 0, gid: 0 });
    expect(inodeAt("images/cd")!.inode.mode).toBe(0o040755);
    expect(files.exists("images/cd/rootfs")).toBe(true);
    expect(files.isEmpty).toBe(false);
  });

  it("makes hardlinks share one inode, even when the target is listed later", async () => {
    await files.writeTree(
      "images/hl/rootfs",
      tree(
        entry("bin", "dir"),
        entry("bin/ls", "hardlink", { linkTarget: "bin/busybox" }),
        entry("bin/busybox", "file", { mode: 0o755, data: text("bb") }),
        entry("bin/cat", "hardlink", { linkTarget: "bin/busybox" }),
      ),
    );
    const busybox = inodeAt("images/hl/rootfs/bin/busybox")!;
    expect(inodeAt("images/hl/rootfs/bin/ls")!.id).toBe(busybox.id);
    expect(inodeAt("images/hl/rootfs/bin/cat")!.id).toBe(busybox.id);
    expect(busybox.inode.nlinks).toBe(3);
    expect(await emulator.read_file("images/hl/rootfs/bin/cat")).toEqual(text("bb"));
  });

  it("creates parents that the tree does not list", async () => {
    await files.writeTree("images/ip/rootfs", tree(entry("a/b/c.txt", "file", { data: text("deep") })));
    expect(inodeAt("images/ip/rootfs/a/b")!.inode.mode).toBe(0o040755);
    expect(await emulator.read_file("images/ip/rootfs/a/b/c.txt")).toEqual(text("deep"));
  });

  it("applies a directory's own entry when it comes after an implicit creation", async () => {
    await files.writeTree("images/late/rootfs", tree(entry("a/x", "file"), entry("a", "dir", { mode: 0o700, uid: 9 })));
    expect(inodeAt("images/late/rootfs/a")!.inode).toMatchObject({ mode: 0o040700, uid: 9 });
  });

  it("replaces an existing tree at the same prefix", async () => {
    await files.writeTree("images/rp/rootfs", tree(entry("old", "file", { data: text("1") })));
    await files.writeTree("images/rp/rootfs", tree(entry("new", "file", { data: text("2") })));
    expect(files.exists("images/rp/rootfs/old")).toBe(false);
    expect(await emulator.read_file("images/rp/rootfs/new")).toEqual(text("2"));
  });

  it("rejects names that would corrupt a directory and a hardlink without target", async () => {
    await expect(files.writeTree("images/bad/rootfs", tree(entry("a/../x", "file")))).rejects.toThrow(/invalid file name/);
    expect(files.exists("images/bad/rootfs")).toBe(false);
    await expect(
      files.writeTree("images/bad2/rootfs", tree(entry("x", "hardlink", { linkTarget: "missing" }))),
    ).rejects.toThrow(/not in the tree/);
    await expect(files.writeTree("", tree())).rejects.toThrow(/9p root/);
  });

  it("writes 5,000 files totalling 80 MB quickly", async () => {
    const entries: TreeEntry[] = [];
    const blob = new Uint8Array(16_000).fill(7);
    for (let dir = 0; dir < 50; dir++) {
      entries.push(entry(`d${dir}`, "dir"));
      for (let file = 0; file < 100; file++) entries.push(entry(`d${dir}/f${file}`, "file", { data: blob }));
    }
    const started = performance.now();
    await files.writeTree("images/big/rootfs", tree(...entries));
    const elapsed = performance.now() - started;
    expect(inodeAt("images/big/rootfs/d49/f99")!.inode.size).toBe(16_000);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("GuestFiles.remove", () => {
  it("unlinks a whole tree and frees file data", async () => {
    await files.writeTree(
      "images/rm/rootfs",
      tree(entry("bin", "dir"), entry("bin/a", "file", { data: text("a") }), entry("bin/b", "hardlink", { linkTarget: "bin/a" })),
    );
    const fileId = inodeAt("images/rm/rootfs/bin/a")!.id;
    await files.remove("images/rm");
    expect(files.exists("images/rm")).toBe(false);
    expect(inodeAt("images")!.inode.direntries.has("rm")).toBe(false);
    expect((fs as unknown as { inodedata: Record<number, unknown> }).inodedata[fileId]).toBeUndefined();
  });

  it("ignores absent paths", async () => {
    await expect(files.remove("images/none/rootfs")).resolves.toBeUndefined();
  });
});
