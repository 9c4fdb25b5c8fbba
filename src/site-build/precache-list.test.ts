import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { precacheManifest, precachePaths } from "./precache-list.ts";
import { appCacheName, entryPath, isAppCache } from "../service-worker/precache-manifest.ts";

let root = "";
const blob = "a".repeat(64);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function write(path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** A built site: the app, the service worker, a hashed guest, an embedded image, the web app manifest, a page of its own. */
function writeSite(indexHtml = "<!doctype html>"): void {
  root = mkdtempSync(join(tmpdir(), "berth-precache-"));
  write("index.html", indexHtml);
  write("assets/index-Bx1a.js", "main");
  write("assets/v86-Qw2e.wasm", "wasm");
  write("service-worker.js", "self");
  write("guest/manifest.json", JSON.stringify({ kernel: "bzImage-1111", initrd: "initramfs-2222.cpio", bios: "bios-3333.bin", vgaBios: null }));
  write("guest/bzImage-1111", "kernel");
  write("guest/initramfs-2222.cpio", "initrd");
  write("guest/bios-3333.bin", "bios");
  write("guest/SHA256SUMS", "sums");
  write("images/embedded.json", JSON.stringify([{ name: "busybox:latest", layout: "images/busybox" }]));
  write("images/busybox/index.json", "{}");
  write(`images/busybox/blobs/sha256/${blob}`, "layer");
  write("manifest.webmanifest", JSON.stringify({ name: "berth", icons: [{ src: "icons/berth.svg" }, { src: "/icons/berth-192.png" }] }));
  write("icons/berth.svg", "<svg/>");
  write("icons/berth-192.png", "png");
  write("icons/unused.png", "png");
  write("tutorial/index.html", "a page of its own");
}

const appFiles = new Set(["index.html", "assets/index-Bx1a.js", "assets/v86-Qw2e.wasm", "service-worker.js"]);

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("precachePaths", () => {
  it("keeps what a first visit downloads and the web app manifest with its icons, not the service worker nor other pages", () => {
    writeSite();
    expect(precachePaths(root, appFiles, "service-worker.js")).toEqual([
      "assets/index-Bx1a.js",
      "assets/v86-Qw2e.wasm",
      "guest/bios-3333.bin",
      "guest/bzImage-1111",
      "guest/initramfs-2222.cpio",
      "guest/manifest.json",
      "icons/berth-192.png",
      "icons/berth.svg",
      `images/busybox/blobs/sha256/${blob}`,
      "images/busybox/index.json",
      "images/embedded.json",
      "index.html",
      "manifest.webmanifest",
    ]);
  });
});

describe("precacheManifest", () => {
  it("gives the SHA-256 of each file whose name does not follow its content, and none for content-named files", () => {
    writeSite();
    const { entries } = precacheManifest(root, precachePaths(root, appFiles, "service-worker.js"), "assets");
    const digests = Object.fromEntries(entries.map((entry) => [entry.path, entry.sha256]));
    expect(digests["index.html"]).toBe(sha256("<!doctype html>"));
    expect(digests["guest/manifest.json"]).toMatch(/^[0-9a-f]{64}$/);
    expect(digests["images/busybox/index.json"]).toBe(sha256("{}"));
    expect(digests["manifest.webmanifest"]).toMatch(/^[0-9a-f]{64}$/);
    expect(digests["icons/berth.svg"]).toBe(sha256("<svg/>"));
    for (const path of ["assets/index-Bx1a.js", "assets/v86-Qw2e.wasm", "guest/bzImage-1111", "guest/bios-3333.bin", `images/busybox/blobs/sha256/${blob}`]) {
      expect(digests).toHaveProperty([path], undefined);
    }
  });

  it("changes its version when any precached file changes, and only then", () => {
    writeSite();
    const paths = precachePaths(root, appFiles, "service-worker.js");
    const first = precacheManifest(root, paths, "assets").version;
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(precacheManifest(root, paths, "assets").version).toBe(first);
    write("tutorial/index.html", "not precached");
    expect(precacheManifest(root, paths, "assets").version).toBe(first);
    write("assets/index-Bx1a.js", "main, changed");
    expect(precacheManifest(root, paths, "assets").version).not.toBe(first);
    rmSync(root, { recursive: true, force: true });
    writeSite("<!doctype html><title>v2</title>");
    expect(precacheManifest(root, paths, "assets").version).not.toBe(first);
  });
});

describe("the app's cache names", () => {
  it("name one cache per version, which a later version recognises as the app's", () => {
    expect(appCacheName("0123456789abcdef")).toBe("berth-app-0123456789abcdef");
    expect(isAppCache(appCacheName("0123456789abcdef"))).toBe(true);
    expect(isAppCache("someone-elses-cache")).toBe(false);
  });

  it("map a request path to its entry, the site root to index.html", () => {
    expect(entryPath("/")).toBe("index.html");
    expect(entryPath("/index.html")).toBe("index.html");
    expect(entryPath("/guest/manifest.json")).toBe("guest/manifest.json");
  });
});
