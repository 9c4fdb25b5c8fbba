import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildImageLayout, layoutLayer, type LayoutLayer } from "../../images/oci/layout-writer.ts";
import { gzipDeterministic } from "../../images/oci/node-gzip.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import type { ContentStore } from "../content/content-store.ts";
import { NodeFsContentStore } from "../content/node-fs-content-store.ts";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { EMBEDDED_IMAGES_LIST, loadEmbeddedImages, type EmbeddedImageStores } from "./embedded-images.ts";
import { buildImageRootfs } from "./image-rootfs.ts";
import { PersistedImageStore, toImageSummary, type ImageRecord } from "./image-store.ts";
import { LayerStore } from "./layer-store.ts";
import { nodeFileReader } from "./node-file-reader.ts";
import { loadOciLayout, type ReadBlob } from "./oci-layout.ts";

const publicRoot = fileURLToPath(new URL("../../public/", import.meta.url));

/** The stores as the engine has them at start: image records and unpacked layers begin empty. */
async function startStores(content: ContentStore): Promise<EmbeddedImageStores> {
  const images = new PersistedImageStore(new MemoryRecordStore<ImageRecord>());
  await images.load();
  return { content, images, layers: new LayerStore(content) };
}

async function storedDigests(content: ContentStore): Promise<string[]> {
  const digests: string[] = [];
  for await (const info of content.walk()) digests.push(info.digest);
  return digests.sort();
}

let contentRoot: string;
let content: ContentStore;

beforeEach(async () => {
  contentRoot = await mkdtemp(join(tmpdir(), "berth-embedded-"));
  content = new NodeFsContentStore(contentRoot);
});

afterEach(async () => {
  await rm(contentRoot, { recursive: true, force: true });
});

describe("the committed busybox image (public/images/busybox)", () => {
  it("loads with every digest verified", async () => {
    const image = await loadOciLayout(nodeFileReader(`${publicRoot}images/busybox`));
    expect(image.config).toMatchObject({
      architecture: "386",
      os: "linux",
      config: { Cmd: ["sh"], Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
    });
    expect(image.annotations).toMatchObject({
      "io.containerd.image.name": "docker.io/library/busybox:latest",
      "org.opencontainers.image.ref.name": "latest",
    });
    expect(image.layers).toHaveLength(1);
  });

  it("is listed in embedded.json, stored under its name and unpacks to a working rootfs", async () => {
    const stores = await startStores(content);
    const [record] = await loadEmbeddedImages(nodeFileReader(publicRoot), stores);
    expect(stores.images.resolve("busybox").id).toBe(record!.id);
    expect(toImageSummary(record!).RepoTags).toEqual(["busybox:latest"]);

    const tree = await buildImageRootfs(record!, stores.layers);
    expect(tree.get("bin/busybox")).toMatchObject({ type: "file", mode: 0o755, uid: 0, gid: 0 });
    expect(tree.get("bin/busybox")!.data!.subarray(0, 4)).toEqual(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46)); // ELF
    expect(tree.get("bin/busybox")!.data![4]).toBe(1); // ELFCLASS32: an i386 binary
    for (const applet of ["bin/sh", "bin/ls", "sbin/ifconfig", "usr/bin/env", "usr/sbin/chroot"]) {
      expect(tree.get(applet), applet).toMatchObject({ type: "hardlink", linkTarget: "bin/busybox", mode: 0o755 });
    }
    expect(tree.get("tmp")).toMatchObject({ type: "dir", mode: 0o1777 });
    expect(tree.get("root")).toMatchObject({ type: "dir", mode: 0o700 });
    for (const dir of ["dev", "proc", "sys", "home", "var"]) expect(tree.get(dir)?.type, dir).toBe("dir");
    expect(new TextDecoder().decode(tree.get("etc/passwd")!.data)).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh$/m);
    expect(new TextDecoder().decode(tree.get("etc/group")!.data)).toMatch(/^wheel:x:10:root$/m);
  });

  it("keeps its manifest, config and layer in the content store, so a second start reads no blob from the site", async () => {
    const [first] = await loadEmbeddedImages(nodeFileReader(publicRoot), await startStores(content));
    const blobs = [first!.layers[0]!.digest, first!.id, first!.repoDigests[0]!.split("@")[1]!].sort();
    expect(await storedDigests(content)).toEqual(blobs);

    const read: string[] = [];
    const siteReader = nodeFileReader(publicRoot);
    const recordingReader: ReadBlob = (path) => (read.push(path), siteReader(path));
    const stores = await startStores(new NodeFsContentStore(contentRoot));
    const [second] = await loadEmbeddedImages(recordingReader, stores);
    expect(second).toEqual(first);
    expect(read.filter((path) => path.includes("/blobs/"))).toEqual([]);
    expect((await buildImageRootfs(second!, stores.layers)).get("bin/busybox")?.type).toBe("file");
  });
});

describe("loadEmbeddedImages", () => {
  const tar = writeTar([{ path: "etc/motd", type: "file", data: new TextEncoder().encode("hello") }]);

  /** A site holding one embedded image, its layout at images/test. */
  async function site(layer: LayoutLayer): Promise<Map<string, Uint8Array>> {
    const layout = await buildImageLayout({ config: { architecture: "386", os: "linux" }, layers: [layer] });
    const files = new Map([...layout].map(([path, bytes]) => [`images/test/${path}`, bytes]));
    files.set(EMBEDDED_IMAGES_LIST, new TextEncoder().encode(JSON.stringify([{ name: "test:1", layout: "images/test" }])));
    return files;
  }

  function reader(files: Map<string, Uint8Array>): ReadBlob {
    return async (path) => {
      const file = files.get(path);
      if (!file) throw new Error(`ENOENT: ${path}`);
      return file;
    };
  }

  it("refuses a layer that does not unpack to its diff ID and records no image", async () => {
    const layer = { ...(await layoutLayer(tar, gzipDeterministic(tar))), diffId: `sha256:${"0".repeat(64)}` };
    const stores = await startStores(content);
    await expect(loadEmbeddedImages(reader(await site(layer)), stores)).rejects.toThrow(/^failed to register layer: layer sha256:[0-9a-f]{64} has diff ID/);
    expect(stores.images.list()).toEqual([]);
  });

  it("commits no corrupt blob, and ingests it on a later start once the site serves it intact", async () => {
    const layer = await layoutLayer(tar, gzipDeterministic(tar));
    const files = await site(layer);
    const layerPath = [...files.keys()].find((path) => files.get(path) === layer.blob)!;
    files.set(layerPath, layer.blob.map((byte, i) => (i === 20 ? byte ^ 1 : byte)));
    await expect(loadEmbeddedImages(reader(files), await startStores(content))).rejects.toThrow(/unexpected commit digest/);
    expect(await storedDigests(content)).not.toContain(`sha256:${layerPath.split("/").at(-1)}`);

    files.set(layerPath, layer.blob);
    const stores = await startStores(content);
    const [record] = await loadEmbeddedImages(reader(files), stores);
    expect(stores.images.resolve("test:1").id).toBe(record!.id);
    expect(record!.size).toBe(tar.length);
  });
});
