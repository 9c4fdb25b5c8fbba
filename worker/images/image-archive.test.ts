// docker save, load and import against real stores (the Node content store, the image store, the
// layer store and the root filesystem check the engine uses): round trips, the formats of other
// Docker versions, and hostile archives, after which neither store may hold anything new.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImageLayout, layoutLayer } from "../../images/oci/layout-writer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import type { JsonMessage } from "../../src/api/types.ts";
import { NodeFsContentStore } from "../content/node-fs-content-store.ts";
import { sha256Digest } from "../digest.ts";
import { EventBus } from "../events/event-bus.ts";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { loadEmbeddedImages } from "./embedded-images.ts";
import { ImageEvents } from "./image-events.ts";
import { buildImageRootfs } from "./image-rootfs.ts";
import { PersistedImageStore, type ImageRecord } from "./image-store.ts";
import { importTarball, type ImportDependencies } from "./import-tarball.ts";
import { commitLayer } from "./layer-commit.ts";
import { LayerStore } from "./layer-store.ts";
import { loadImages } from "./load-images.ts";
import { storeNewImage } from "./new-image.ts";
import { nodeFileReader } from "./node-file-reader.ts";
import { saveImages } from "./save-images.ts";

const publicRoot = fileURLToPath(new URL("../../public/", import.meta.url));
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

type Stores = ImportDependencies & { layers: LayerStore; images: PersistedImageStore };

let roots: string[] = [];

async function emptyStores(): Promise<Stores> {
  const root = await mkdtemp(join(tmpdir(), "berth-archive-"));
  roots.push(root);
  const content = new NodeFsContentStore(root);
  const images = new PersistedImageStore(new MemoryRecordStore<ImageRecord>());
  await images.load();
  const layers = new LayerStore(content);
  return {
    content,
    images,
    layers,
    checkRootfs: async (record) => void (await buildImageRootfs(record, layers)),
    events: new ImageEvents(new EventBus(), images),
  };
}

/** Stores holding the embedded busybox and, on top of it, an image with one more layer. */
async function storesWithImages(): Promise<Stores> {
  const stores = await emptyStores();
  const [busybox] = await loadEmbeddedImages(nodeFileReader(publicRoot), stores);
  const layer = await commitLayer(writeTar([{ path: "etc/hello.txt", type: "file", data: encoder.encode("hello\n") }]), stores);
  await storeNewImage(stores.images, { parent: busybox, layers: [layer], history: [{ created_by: "test" }], config: { Cmd: ["cat", "/etc/hello.txt"] }, references: ["hello:1"] });
  return stores;
}

async function blobDigests(stores: Stores): Promise<string[]> {
  const digests: string[] = [];
  for await (const info of stores.content.walk()) digests.push(info.digest);
  return digests.sort();
}

async function load(stores: Stores, archive: Uint8Array): Promise<string[]> {
  const lines: string[] = [];
  await loadImages(stores, archive, (message: JsonMessage) => void (message.stream && lines.push(message.stream)), { quiet: true });
  return lines;
}

function archiveFiles(archive: Uint8Array): Map<string, TarWriterEntry> {
  return new Map([...readTar(archive)].map((entry) => [entry.path, { ...entry, data: entry.data.slice() }]));
}

function rewrite(archive: Uint8Array, change: (files: Map<string, TarWriterEntry>) => void): Uint8Array {
  const files = archiveFiles(archive);
  change(files);
  return writeTar(files.values());
}

const fileEntry = (path: string, data: Uint8Array): TarWriterEntry => ({ path, type: "file", data });

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
  roots = [];
});

describe("docker save", () => {
  it("writes Docker 25+'s archive: manifest.json, repositories and an OCI layout over the same verified blobs", async () => {
    const stores = await storesWithImages();
    const files = archiveFiles(await saveImages(stores, ["busybox", "hello:1"]));
    const manifest = JSON.parse(decoder.decode(files.get("manifest.json")!.data)) as { Config: string; RepoTags: string[]; Layers: string[] }[];
    const busybox = stores.images.resolve("busybox");
    const hello = stores.images.resolve("hello:1");
    expect(manifest.map((entry) => entry.RepoTags)).toEqual([["busybox:latest"], ["hello:1"]]);
    expect(manifest[0]!.Config).toBe(`blobs/sha256/${busybox.id.slice(7)}`);
    expect(manifest[1]!.Layers).toEqual(hello.layers.map((layer) => `blobs/sha256/${layer.digest.slice(7)}`));
    for (const [path, entry] of files) {
      if (path.startsWith("blobs/sha256/")) expect(await sha256Digest(entry.data!), path).toBe(`sha256:${path.slice(13)}`);
    }
    expect(JSON.parse(decoder.decode(files.get("oci-layout")!.data))).toEqual({ imageLayoutVersion: "1.0.0" });
    const index = JSON.parse(decoder.decode(files.get("index.json")!.data)) as { manifests: { annotations: Record<string, string> }[] };
    expect(index.manifests.map((entry) => entry.annotations)).toEqual([
      { "io.containerd.image.name": "docker.io/library/busybox:latest", "org.opencontainers.image.ref.name": "latest" },
      { "io.containerd.image.name": "docker.io/library/hello:1", "org.opencontainers.image.ref.name": "1" },
    ]);
    expect(JSON.parse(decoder.decode(files.get("repositories")!.data))).toEqual({
      busybox: { latest: busybox.layers[0]!.digest.slice(7) },
      hello: { "1": hello.layers[1]!.digest.slice(7) },
    });
  });

  it("says No such image for a name that selects none", async () => {
    await expect(saveImages(await storesWithImages(), ["busybox", "nothere"])).rejects.toThrow("No such image: nothere:latest");
  });
});

describe("docker load", () => {
  it("loads what save wrote into empty stores: the same ids, names and layers; gzip-compressed too", async () => {
    const source = await storesWithImages();
    const archive = await saveImages(source, ["busybox:latest", "hello"]);
    for (const input of [archive, new Uint8Array(gzipSync(archive))]) {
      const stores = await emptyStores();
      expect(await load(stores, input)).toEqual(["Loaded image: busybox:latest\n", "Loaded image: hello:1\n"]);
      const hello = stores.images.resolve("hello:1");
      expect(hello.id).toBe(source.images.resolve("hello:1").id);
      expect(hello.config.config?.Cmd).toEqual(["cat", "/etc/hello.txt"]);
      const tree = await buildImageRootfs(hello, stores.layers);
      expect(decoder.decode(tree.get("etc/hello.txt")!.data)).toBe("hello\n");
      expect(tree.get("bin/busybox")?.type).toBe("file");
    }
  });

  it("names an untagged image by its id, and says when a name moves from another image", async () => {
    const source = await storesWithImages();
    const hello = source.images.resolve("hello:1");
    const stores = await storesWithImages();
    expect(await load(stores, await saveImages(source, [hello.id]))).toEqual([`Loaded image ID: ${hello.id}\n`]);

    const previous = stores.images.resolve("hello:1").id;
    await source.images.tag(source.images.resolve("busybox").id, "hello:1");
    expect(await load(stores, await saveImages(source, ["hello:1"]))).toEqual([
      `The image hello:1 already exists, renaming the old one with ID ${previous} to empty string\n`,
      "Loaded image: hello:1\n",
    ]);
    expect(stores.images.resolve("hello:1").id).toBe(stores.images.resolve("busybox").id);
  });

  it("loads Docker's older format: <id>.json, uncompressed <id>/layer.tar, a repeated layer linked to its first copy", async () => {
    const source = await storesWithImages();
    const images = [source.images.resolve("busybox"), source.images.resolve("hello:1")];
    const entries: TarWriterEntry[] = [];
    const manifest = [];
    const written = new Set<string>();
    for (const [index, image] of images.entries()) {
      const configBytes = await source.content.read(image.id).catch(() => json(image.config));
      entries.push(fileEntry(`${image.id.slice(7)}.json`, configBytes));
      const layerPaths = [];
      for (const layer of image.layers) {
        const directory = `${index}${layer.diffId.slice(8)}`;
        const tar = await source.layers.unpack(layer);
        if (written.has(layer.diffId)) {
          entries.push({ path: `${directory}/layer.tar`, type: "symlink", linkTarget: `../0${layer.diffId.slice(8)}/layer.tar` });
        } else {
          entries.push({ path: directory, type: "dir" }, fileEntry(`${directory}/VERSION`, encoder.encode("1.0")), fileEntry(`${directory}/layer.tar`, tar));
        }
        written.add(layer.diffId);
        layerPaths.push(`${directory}/layer.tar`);
      }
      manifest.push({ Config: `${image.id.slice(7)}.json`, RepoTags: image.repoTags.map((tag) => tag.replace("docker.io/library/", "")), Layers: layerPaths });
    }
    entries.push(fileEntry("manifest.json", json(manifest)), fileEntry("repositories", json({})));
    const stores = await emptyStores();
    expect(await load(stores, writeTar(entries))).toEqual(["Loaded image: busybox:latest\n", "Loaded image: hello:1\n"]);
    expect(stores.images.resolve("hello:1").id).toBe(images[1]!.id);
  });

  it("loads an OCI image layout tar, named by its io.containerd.image.name annotation", async () => {
    const tar = writeTar([{ path: "etc/motd", type: "file", data: encoder.encode("oci\n") }]);
    const layout = await buildImageLayout({
      config: { architecture: "386", os: "linux" },
      layers: [await layoutLayer(tar, gzipSync(tar))],
      annotations: { "io.containerd.image.name": "docker.io/library/oci:tag", "org.opencontainers.image.ref.name": "tag" },
    });
    const stores = await emptyStores();
    expect(await load(stores, writeTar([...layout].map(([path, data]) => fileEntry(path, data))))).toEqual(["Loaded image: oci:tag\n"]);
    expect(stores.images.resolve("oci:tag").size).toBe(tar.length);
  });

  describe("refuses a corrupt or hostile archive and stores nothing", () => {
    let archive: Uint8Array;
    let manifest: { Config: string; Layers: string[] }[];
    let helloLayer: string;
    beforeAll(async () => {
      archive = await saveImages(await storesWithImages(), ["busybox", "hello:1"]);
      manifest = JSON.parse(decoder.decode(archiveFiles(archive).get("manifest.json")!.data)) as typeof manifest;
      helloLayer = manifest[1]!.Layers[1]!;
    });
    const withManifest = (entries: unknown) => rewrite(archive, (files) => files.set("manifest.json", fileEntry("manifest.json", json(entries))));
    const hostileLayer = async (entry: TarWriterEntry) => {
      const tar = writeTar([entry]);
      const config = json({ architecture: "386", os: "linux", rootfs: { type: "layers", diff_ids: [await sha256Digest(tar)] } });
      return writeTar([fileEntry("c.json", config), fileEntry("l.tar", tar), fileEntry("manifest.json", json([{ Config: "c.json", RepoTags: ["evil:1"], Layers: ["l.tar"] }]))]);
    };

    const cases: [string, () => Promise<Uint8Array> | Uint8Array, RegExp][] = [
      ["an entry whose path climbs out", () => rewrite(archive, (files) => files.set("../escape", fileEntry("../escape", encoder.encode("x")))), /entry "\.\.\/escape" leads outside the archive/],
      [
        "a layer that is a symlink out of the archive",
        () => rewrite(archive, (files) => files.set(helloLayer, { path: helloLayer, type: "symlink", linkTarget: "../../../etc/passwd" })),
        /points outside the archive/,
      ],
      ["a layer that is an absolute symlink", () => rewrite(archive, (files) => files.set(helloLayer, { path: helloLayer, type: "symlink", linkTarget: "/etc/passwd" })), /points outside the archive/],
      ["links in a circle", () => rewrite(archive, (files) => files.set(helloLayer, { path: helloLayer, type: "symlink", linkTarget: helloLayer.split("/").at(-1)! })), /too many levels of links/],
      [
        "a layer whose content does not match its digest",
        () => rewrite(archive, (files) => files.set(helloLayer, fileEntry(helloLayer, files.get(helloLayer)!.data!.map((byte, i) => (i === 30 ? byte ^ 1 : byte))))),
        /is corrupt: its content hashes to sha256:/,
      ],
      ["a truncated tar", () => archive.subarray(0, Math.floor(archive.length / 2)), /invalid tar archive: truncated/],
      ["a manifest naming a missing layer", () => withManifest([{ ...manifest[1], Layers: [manifest[1]!.Layers[0], "blobs/sha256/" + "a".repeat(64)] }]), /names the layer "blobs\/sha256\/a+", which is not in the archive/],
      ["a manifest naming a missing config", () => withManifest([{ ...manifest[0], Config: "nothere.json" }]), /names the config "nothere.json"/],
      ["a manifest that is not JSON", () => rewrite(archive, (files) => files.set("manifest.json", fileEntry("manifest.json", encoder.encode("{nope")))), /manifest.json is not valid JSON/],
      ["layers that do not match the config's diff IDs", () => withManifest([{ ...manifest[1], Layers: [manifest[1]!.Layers[1], manifest[1]!.Layers[0]] }]), /has diff ID sha256:\w+, but the image config says/],
      [
        "a tar header claiming a huge size",
        () => {
          // The first file's header (after blobs/ and blobs/sha256/) gets an 8 GiB size field.
          const bytes = archive.slice();
          const header = bytes.subarray(1024, 1536);
          header.set(encoder.encode("77777777777\0"), 124);
          header.fill(0x20, 148, 156);
          const sum = header.reduce((total, byte) => total + byte, 0);
          header.set(encoder.encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
          return bytes;
        },
        /truncated: entry "blobs\/sha256\/\w+" needs 8589934591 bytes/,
      ],
      ["a layer climbing out of the root filesystem", () => hostileLayer({ path: "../../escape.txt", type: "file", data: encoder.encode("x") }), /refusing layer entry "\.\.\/\.\.\/escape.txt"/],
      ["an image for another platform", () => otherPlatform(), /is for linux\/amd64, not linux\/386/],
      ["gzip data that is cut short", () => new Uint8Array(gzipSync(archive)).subarray(0, 2000), /corrupt or truncated gzip data/],
      ["bytes that are no archive", () => encoder.encode("this is not a tar archive at all, just some text that goes on for a while ".repeat(10)), /invalid tar archive/],
      ["an empty body", () => new Uint8Array(0), /the archive is empty/],
      ["a tar with neither manifest.json nor index.json", () => writeTar([fileEntry("hello.txt", encoder.encode("hi"))]), /holds neither manifest.json/],
    ];

    async function otherPlatform(): Promise<Uint8Array> {
      const tar = writeTar([fileEntry("a", encoder.encode("a"))]);
      const config = json({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [await sha256Digest(tar)] } });
      return writeTar([fileEntry("c.json", config), fileEntry("l.tar", tar), fileEntry("manifest.json", json([{ Config: "c.json", RepoTags: ["amd:1"], Layers: ["l.tar"] }]))]);
    }

    it.each(cases)("%s", async (_name, make, message) => {
      const stores = await emptyStores();
      await loadEmbeddedImages(nodeFileReader(publicRoot), stores);
      const before = { blobs: await blobDigests(stores), images: structuredClone(stores.images.list()) };
      await expect(load(stores, await make())).rejects.toThrow(message);
      expect(await blobDigests(stores)).toEqual(before.blobs);
      expect(stores.images.list()).toEqual(before.images);
    });

    it("after a good image in the same archive, keeps that one out too", async () => {
      const stores = await emptyStores();
      const broken = withManifest([manifest[1], { ...manifest[0], Layers: ["blobs/sha256/" + "b".repeat(64)] }]);
      await expect(load(stores, broken)).rejects.toThrow(/not in the archive/);
      expect(await blobDigests(stores)).toEqual([]);
      expect(stores.images.list()).toEqual([]);
    });
  });
});

describe("docker import", () => {
  it("makes a one-layer image with the changes, the message as history, and the name given", async () => {
    const stores = await emptyStores();
    const tarball = writeTar([{ path: "bin", type: "dir" }, fileEntry("bin/tool", encoder.encode("#!/bin/sh\n"))]);
    const image = await importTarball(stores, new Uint8Array(gzipSync(tarball)), { source: "-", repo: "imported:v1", changes: ['CMD ["/bin/tool"]', "ENV A=1"] });
    expect(stores.images.resolve("imported:v1").id).toBe(image.id);
    expect(image.config).toMatchObject({ architecture: "386", os: "linux", config: { Cmd: ["/bin/tool"], Env: ["A=1"] }, history: [{ comment: "Imported from -" }] });
    expect(image.layers).toHaveLength(1);
    expect((await buildImageRootfs(image, stores.layers)).get("bin/tool")?.type).toBe("file");
    const named = await importTarball(stores, tarball, { source: "-", repo: "imported", tag: "v2", message: "from a test" });
    expect(named.config.history).toMatchObject([{ comment: "from a test" }]);
    expect(stores.images.resolve("imported:v2").id).toBe(named.id);
  });

  it("refuses a hostile tarball, a bad change or a corrupt one and stores nothing", async () => {
    const stores = await emptyStores();
    const hostile = writeTar([fileEntry("../../escape", encoder.encode("x"))]);
    await expect(importTarball(stores, hostile, { source: "-", repo: "evil" })).rejects.toThrow(/refusing layer entry/);
    await expect(importTarball(stores, writeTar([fileEntry("a", encoder.encode("a"))]), { source: "-", changes: ["RUN true"] })).rejects.toThrow("RUN is not a valid change command");
    await expect(importTarball(stores, encoder.encode("not a tar, just words ".repeat(40)), { source: "-" })).rejects.toThrow(/invalid tar archive/);
    expect(await blobDigests(stores)).toEqual([]);
    expect(stores.images.list()).toEqual([]);
  });
});
