import { execFileSync } from "node:child_process";
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeTar, type TarWriterEntry } from "./tar-writer.ts";
import { readTar, type TarEntry } from "./tar-reader.ts";

const text = (s: string) => new TextEncoder().encode(s);
const byPath = (entries: Iterable<TarEntry>) => new Map([...entries].map((e) => [e.path, e]));

describe("readTar on archives from images/oci's writer", () => {
  const longDir = "deep/".repeat(30); // 150 bytes: past ustar's 100-byte name field
  const entries: TarWriterEntry[] = [
    { path: "bin", type: "dir", mode: 0o755, mtime: 1_700_000_000 },
    { path: "bin/su", type: "file", mode: 0o4755, uid: 0, gid: 0, data: text("#!su"), mtime: 1_700_000_001 },
    { path: "usr/bin/wall", type: "file", mode: 0o2755, gid: 5, data: new Uint8Array(1000).fill(7) },
    { path: "tmp", type: "dir", mode: 0o1777 },
    { path: "bin/sh", type: "symlink", linkTarget: "busybox" },
    { path: "bin/ln", type: "hardlink", linkTarget: "bin/su" },
    { path: "dev/null", type: "char", mode: 0o666, devMajor: 1, devMinor: 3 },
    { path: "dev/sda", type: "block", mode: 0o660, devMajor: 8, devMinor: 0 },
    { path: "run/fifo", type: "fifo", mode: 0o600 },
    { path: `${longDir}file`, type: "file", data: text("long") },
    { path: "long-link", type: "symlink", linkTarget: `/${longDir}file` },
    { path: "big-ids", type: "file", uid: 5_000_000, gid: 4_000_000, data: text("x") },
    { path: "caf\u00e9/\u00fcber", type: "file", data: text("utf8") },
  ];
  const read = byPath(readTar(writeTar(entries)));

  it("reads every entry type with its metadata", () => {
    expect(read.size).toBe(entries.length);
    expect(read.get("bin")).toMatchObject({ type: "dir", mode: 0o755, mtime: 1_700_000_000 });
    expect(read.get("bin/su")).toMatchObject({ type: "file", mode: 0o4755, mtime: 1_700_000_001 });
    expect(new TextDecoder().decode(read.get("bin/su")!.data)).toBe("#!su");
    expect(read.get("usr/bin/wall")).toMatchObject({ mode: 0o2755, gid: 5 });
    expect(read.get("usr/bin/wall")!.data).toEqual(new Uint8Array(1000).fill(7));
    expect(read.get("tmp")!.mode).toBe(0o1777);
    expect(read.get("bin/sh")).toMatchObject({ type: "symlink", linkTarget: "busybox" });
    expect(read.get("bin/ln")).toMatchObject({ type: "hardlink", linkTarget: "bin/su" });
    expect(read.get("dev/null")).toMatchObject({ type: "char", devMajor: 1, devMinor: 3, mode: 0o666 });
    expect(read.get("dev/sda")).toMatchObject({ type: "block", devMajor: 8, devMinor: 0 });
    expect(read.get("run/fifo")).toMatchObject({ type: "fifo", mode: 0o600 });
    expect(read.get("caf\u00e9/\u00fcber")!.type).toBe("file");
  });

  it("reads PAX long names, link targets and large ids", () => {
    expect(read.get(`${longDir}file`)!.data).toEqual(text("long"));
    expect(read.get("long-link")!.linkTarget).toBe(`/${longDir}file`);
    expect(read.get("big-ids")).toMatchObject({ uid: 5_000_000, gid: 4_000_000 });
  });

  it("returns file data as views into the archive, not copies", () => {
    const archive = writeTar([{ path: "f", type: "file", data: text("abc") }]);
    const [entry] = readTar(archive);
    expect(entry!.data.buffer).toBe(archive.buffer);
  });

  it("rejects a header whose checksum does not match", () => {
    const archive = writeTar([{ path: "a", type: "file", data: text("1") }, { path: "b", type: "file", data: text("2") }]);
    archive[1024 + 3] ^= 0xff; // inside the second header's name field
    expect(() => [...readTar(archive)]).toThrow(/invalid tar archive: corrupt header at byte 1024/);
  });

  it("rejects an archive cut inside a file's data", () => {
    const archive = writeTar([{ path: "big", type: "file", data: new Uint8Array(5000) }]);
    expect(() => [...readTar(archive.subarray(0, 2048))]).toThrow(/truncated: entry "big" needs 5000 bytes of data at byte 512/);
  });

  it("rejects an archive cut inside a header", () => {
    const archive = writeTar([{ path: "a", type: "file" }, { path: "b", type: "file" }]);
    expect(() => [...readTar(archive.subarray(0, 700))]).toThrow(/truncated header at byte 512/);
  });

  it("accepts an archive without the end-of-archive blocks", () => {
    const archive = writeTar([{ path: "a", type: "file", data: text("1") }]);
    expect([...readTar(archive.subarray(0, 1024))].map((e) => e.path)).toEqual(["a"]);
  });

  it("keeps hostile paths as stored for apply-layer.ts to judge", () => {
    const archive = writeTar([{ path: "../../etc/passwd", type: "file" }, { path: "/abs", type: "file" }]);
    expect([...readTar(archive)].map((e) => e.path)).toEqual(["../../etc/passwd", "/abs"]);
  });
});

describe("readTar on archives from GNU tar", () => {
  const work = mkdtempSync(join(tmpdir(), "berth-tar-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const root = join(work, "root");
  const longDir = "directory-with-a-rather-long-name/".repeat(4); // 136 bytes
  mkdirSync(join(root, longDir), { recursive: true });
  writeFileSync(join(root, longDir, "file.txt"), "deep");
  writeFileSync(join(root, "setuid"), "s");
  chmodSync(join(root, "setuid"), 0o4755);
  mkdirSync(join(root, "sticky"));
  chmodSync(join(root, "sticky"), 0o1777);
  symlinkSync(`../${longDir}file.txt`, join(root, "sticky", "long-symlink"));
  linkSync(join(root, longDir, "file.txt"), join(root, "hardlink"));
  execFileSync("mkfifo", [join(root, "fifo")]);
  utimesSync(join(root, "setuid"), 1_600_000_000, 1_600_000_000);

  function systemTar(format: string, options: string[] = [], members = ["."]): Map<string, TarEntry> {
    const archive = join(work, `${format}.tar`);
    execFileSync("tar", [`--format=${format}`, "--sort=name", ...options, "-cf", archive, "-C", root, ...members]);
    return byPath(readTar(new Uint8Array(readFileSync(archive))));
  }

  for (const format of ["gnu", "pax"]) {
    it(`reads --format=${format}`, () => {
      const read = systemTar(format);
      const longPath = `./${longDir}file.txt`;
      expect(new TextDecoder().decode(read.get(longPath)!.data)).toBe("deep");
      expect(read.get("./setuid")).toMatchObject({ type: "file", mode: 0o4755, mtime: 1_600_000_000 });
      expect(read.get("./sticky")).toMatchObject({ type: "dir", mode: 0o1777 });
      expect(read.get("./sticky/long-symlink")).toMatchObject({ type: "symlink", linkTarget: `../${longDir}file.txt` });
      expect(read.get("./fifo")!.type).toBe("fifo");
      // GNU tar stores the first name it meets and links the later one to it.
      const link = read.get("./hardlink")!.type === "hardlink" ? read.get("./hardlink")! : read.get(longPath)!;
      expect(link.type).toBe("hardlink");
      expect(link.data.length).toBe(0);
    });
  }

  it("reads --format=ustar, whose long names are split into prefix and name", () => {
    const read = systemTar("ustar", [], [`./${longDir}file.txt`, "./setuid"]);
    expect(new TextDecoder().decode(read.get(`./${longDir}file.txt`)!.data)).toBe("deep");
    expect(read.get("./setuid")!.mode).toBe(0o4755);
  });

  it("reads GNU base-256 ids", () => {
    const read = systemTar("gnu", ["--owner=big:5000000", "--group=big:4000000"]);
    expect(read.get("./setuid")).toMatchObject({ uid: 5_000_000, gid: 4_000_000 });
  });

  it("applies a PAX global header's uid", () => {
    const read = systemTar("pax", ["--pax-option=uid=777"]);
    expect(read.get("./setuid")!.uid).toBe(777);
  });

  it("reads device nodes", () => {
    const devices = join(work, "devices");
    mkdirSync(devices);
    execFileSync("mknod", [join(devices, "null"), "c", "1", "3"]);
    execFileSync("mknod", [join(devices, "loop0"), "b", "7", "0"]);
    const archive = join(work, "devices.tar");
    execFileSync("tar", ["--format=pax", "-cf", archive, "-C", devices, "null", "loop0"]);
    const read = byPath(readTar(new Uint8Array(readFileSync(archive))));
    expect(read.get("null")).toMatchObject({ type: "char", devMajor: 1, devMinor: 3 });
    expect(read.get("loop0")).toMatchObject({ type: "block", devMajor: 7, devMinor: 0 });
  });
});
