import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { gzipIfWorthwhile, measureSite } from "./site-sizes.ts";
import { formatBytes, formatSizeReport } from "./size-report.ts";

let root = "";

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** A built site: the app, a guest with a licence, an embedded image, and an extra page. */
function writeSite(): void {
  root = mkdtempSync(join(tmpdir(), "berth-site-"));
  write("index.html", "<!doctype html>".repeat(100));
  write("assets/main-abc.js", "console.log(1);".repeat(500));
  write("assets/v86-def.wasm", randomBytes(3000));
  write("guest/manifest.json", JSON.stringify({ kernel: "bzImage-11", initrd: "initramfs-22.cpio", bios: "bios-33.bin", vgaBios: null }));
  write("guest/bzImage-11", randomBytes(5000));
  write("guest/initramfs-22.cpio", Buffer.alloc(8000));
  write("guest/bios-33.bin", randomBytes(100));
  write("guest/licenses/busybox.copyright", "GPL");
  write("guest/SHA256SUMS", "sums");
  write("images/embedded.json", JSON.stringify([{ name: "busybox:latest", layout: "images/busybox" }]));
  write("images/busybox/index.json", "{}");
  write("images/busybox/blobs/sha256/aa", randomBytes(2000));
  write("images/busybox-extra/blobs/sha256/bb", "not embedded");
  write("tutorial/index.html", "a page of its own");
}

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("measureSite", () => {
  it("marks what a first visit downloads: the emitted app, the guest the manifest names and the embedded layouts", () => {
    writeSite();
    const files = measureSite(root, new Set(["index.html", "assets/main-abc.js", "assets/v86-def.wasm"]));
    expect(files.map((file) => file.path)).toEqual([
      "assets/main-abc.js",
      "assets/v86-def.wasm",
      "guest/SHA256SUMS",
      "guest/bios-33.bin",
      "guest/bzImage-11",
      "guest/initramfs-22.cpio",
      "guest/licenses/busybox.copyright",
      "guest/manifest.json",
      "images/busybox-extra/blobs/sha256/bb",
      "images/busybox/blobs/sha256/aa",
      "images/busybox/index.json",
      "images/embedded.json",
      "index.html",
      "tutorial/index.html",
    ]);
    expect(files.filter((file) => !file.firstVisit).map((file) => file.path)).toEqual([
      "guest/SHA256SUMS",
      "guest/licenses/busybox.copyright",
      "images/busybox-extra/blobs/sha256/bb",
      "tutorial/index.html",
    ]);
  });

  it("leaves the embed's own files out of the first visit and marks them", () => {
    writeSite();
    write("embed.js", "export {};");
    write("embed/frame.html", "<!doctype html>");
    const emitted = new Set(["index.html", "assets/main-abc.js", "embed.js", "embed/frame.html"]);
    const files = measureSite(root, emitted, new Set(["embed.js", "embed/frame.html"]));
    const marked = (path: string) => files.find((file) => file.path === path)!;
    expect(marked("embed.js")).toMatchObject({ firstVisit: false, embed: true });
    expect(marked("embed/frame.html")).toMatchObject({ firstVisit: false, embed: true });
    expect(marked("assets/main-abc.js")).toMatchObject({ firstVisit: true, embed: false });
  });

  it("gives each file's size, and its gzip size only where gzip saves a tenth", () => {
    writeSite();
    const byPath = new Map(measureSite(root, new Set()).map((file) => [file.path, file]));
    expect(byPath.get("guest/initramfs-22.cpio")).toMatchObject({ bytes: 8000 });
    expect(byPath.get("guest/initramfs-22.cpio")!.wireBytes).toBeLessThan(100);
    expect(byPath.get("guest/bzImage-11")).toMatchObject({ bytes: 5000, wireBytes: 5000 });
  });
});

describe("gzipIfWorthwhile", () => {
  it("returns a gzip body that inflates to the input, or nothing for incompressible bytes", () => {
    const text = Buffer.from("layer ".repeat(1000));
    expect(gunzipSync(gzipIfWorthwhile(text)!).equals(text)).toBe(true);
    expect(gzipIfWorthwhile(randomBytes(4096))).toBeUndefined();
  });
});

describe("formatSizeReport", () => {
  it("lists every file with its sizes, marks the first-visit ones, and sums the first visit, the precache and the whole", () => {
    const report = formatSizeReport(
      [
        { path: "index.html", bytes: 4200, wireBytes: 1500, firstVisit: true, embed: false },
        { path: "guest/bzImage-11", bytes: 2_114_048, wireBytes: 2_114_048, firstVisit: true, embed: false },
        { path: "guest/licenses/x", bytes: 300, wireBytes: 300, firstVisit: false, embed: false },
      ],
      "dist",
      new Set(["index.html", "guest/licenses/x"]),
    );
    const lines = report.split("\n");
    expect(lines[0]).toBe("Files of the site in dist (* = downloaded on a first visit, e = by the embed only):");
    expect(lines[1]).toMatch(/^ {2}\* index\.html {7} +4\.2 kB +1\.5 kB gzip$/);
    expect(lines[2]).toMatch(/^ {2}\* guest\/bzImage-11 +2\.11 MB +2\.11 MB gzip$/);
    expect(lines[3]).toMatch(/^ {4}guest\/licenses\/x +300 B +300 B gzip$/);
    expect(lines[4]).toContain("First-visit transfer");
    expect(lines[4]).toMatch(/: 2 files, 2\.12 MB \(2\.12 MB with gzip\)$/);
    expect(lines[5]).toBe("Precached by the service worker for offline use: 2 files, 4.5 kB (1.8 kB with gzip)");
    expect(lines[6]).toBe("All files: 3 files, 2.12 MB (2.12 MB with gzip)");
  });

  it("marks the embed's files and sums them on a line of their own", () => {
    const report = formatSizeReport(
      [
        { path: "index.html", bytes: 4200, wireBytes: 1500, firstVisit: true, embed: false },
        { path: "embed.js", bytes: 9000, wireBytes: 3000, firstVisit: false, embed: true },
      ],
      "dist",
      new Set(["index.html"]),
    );
    expect(report).toMatch(/^ {2}e embed\.js +9\.0 kB +3\.0 kB gzip$/m);
    expect(report).toMatch(/^Embed \(.*\): 1 files, 9\.0 kB \(3\.0 kB with gzip\)$/m);
  });

  it("writes sizes in decimal units", () => {
    expect([formatBytes(999), formatBytes(1000), formatBytes(1_500_000)]).toEqual(["999 B", "1.0 kB", "1.50 MB"]);
  });
});
