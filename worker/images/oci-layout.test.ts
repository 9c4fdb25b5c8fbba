import { describe, expect, it } from "vitest";
import { buildImageLayout, layoutLayer, type LayoutFiles } from "../../images/oci/layout-writer.ts";
import { gzipDeterministic } from "../../images/oci/node-gzip.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { sha256Digest } from "../digest.ts";
import { loadOciLayout, type ReadBlob } from "./oci-layout.ts";
import { MediaType, type Descriptor, type ImageIndex } from "./oci-types.ts";

const text = (s: string) => new TextEncoder().encode(s);
const blobPath = (digest: string) => `blobs/sha256/${digest.slice("sha256:".length)}`;

function reader(files: LayoutFiles): ReadBlob {
  return async (path) => {
    const file = files.get(path);
    if (!file) throw new Error("ENOENT");
    return file;
  };
}

const baseTar = writeTar([{ path: "bin/sh", type: "file", mode: 0o755, data: text("#!") }]);
const upperTar = writeTar([{ path: "etc/motd", type: "file", data: text("hello") }]);

async function layout(architecture = "386"): Promise<LayoutFiles> {
  return buildImageLayout({
    config: { architecture, os: "linux", created: "2024-01-02T03:04:05Z", config: { Cmd: ["sh"] } },
    layers: [await layoutLayer(baseTar, gzipDeterministic(baseTar)), await layoutLayer(upperTar)],
    annotations: { "io.containerd.image.name": "docker.io/library/test:1" },
  });
}

function indexOf(files: LayoutFiles): ImageIndex {
  return JSON.parse(new TextDecoder().decode(files.get("index.json")));
}

async function addJson(files: LayoutFiles, mediaType: string, value: unknown): Promise<Descriptor> {
  const bytes = text(JSON.stringify(value));
  const digest = await sha256Digest(bytes);
  files.set(blobPath(digest), bytes);
  return { mediaType, digest, size: bytes.length };
}

describe("loadOciLayout", () => {
  it("loads and verifies a two-layer image, describing its layers with their diff IDs", async () => {
    const image = await loadOciLayout(reader(await layout()));
    expect(image.config).toMatchObject({ architecture: "386", os: "linux", config: { Cmd: ["sh"] } });
    expect(image.layers).toEqual(
      image.manifest.layers.map((descriptor, i) => ({
        digest: descriptor.digest,
        diffId: image.config.rootfs.diff_ids[i],
        size: descriptor.size,
        mediaType: descriptor.mediaType,
      })),
    );
    expect(image.layers.map((l) => l.mediaType)).toEqual([MediaType.LayerGzip, MediaType.Layer]);
    expect(image.layers.map((l) => l.diffId)).toEqual([await sha256Digest(baseTar), await sha256Digest(upperTar)]);
    expect(image.annotations["io.containerd.image.name"]).toBe("docker.io/library/test:1");
    expect(image.configDigest).toBe(image.manifest.config.digest);
  });

  it("follows a nested multi-platform index to the linux/386 manifest", async () => {
    const files = await layout();
    const amd64 = await layout("amd64");
    for (const [path, bytes] of amd64) if (path.startsWith("blobs/")) files.set(path, bytes);
    const nested = await addJson(files, MediaType.ImageIndex, {
      schemaVersion: 2,
      mediaType: MediaType.ImageIndex,
      manifests: [indexOf(amd64).manifests[0], { ...indexOf(files).manifests[0], platform: { architecture: "i386", os: "linux" } }],
    });
    files.set("index.json", text(JSON.stringify({ schemaVersion: 2, manifests: [{ ...nested, annotations: { "org.opencontainers.image.ref.name": "x:1" } }] })));
    const image = await loadOciLayout(reader(files));
    expect(image.config.architecture).toBe("386");
    expect(image.annotations["org.opencontainers.image.ref.name"]).toBe("x:1");
  });

  it("finds the platform in the config when the index entry has none, with Docker media types", async () => {
    const files = await layout();
    const entry = indexOf(files).manifests[0]!;
    const manifest = JSON.parse(new TextDecoder().decode(files.get(blobPath(entry.digest))));
    manifest.mediaType = MediaType.DockerManifest;
    manifest.layers[0].mediaType = MediaType.DockerLayerGzip;
    const descriptor = await addJson(files, MediaType.DockerManifest, manifest);
    files.set("index.json", text(JSON.stringify({ schemaVersion: 2, manifests: [descriptor] })));
    const image = await loadOciLayout(reader(files));
    expect(image.layers[0]!.mediaType).toBe(MediaType.DockerLayerGzip);
  });

  it("says which platforms a layout has when the guest's is missing", async () => {
    await expect(loadOciLayout(reader(await layout("amd64")))).rejects.toMatchObject({
      code: "not-found",
      message: "no linux/386 image in the layout (it has linux/amd64)",
    });
  });

  it("rejects a blob whose content does not match its digest", async () => {
    const files = await layout();
    const configDigest = JSON.parse(new TextDecoder().decode(files.get(blobPath(indexOf(files).manifests[0]!.digest)))).config.digest;
    files.get(blobPath(configDigest))![10] ^= 1;
    await expect(loadOciLayout(reader(files))).rejects.toThrow(`image config ${configDigest} is corrupt: its content hashes to sha256:`);
  });

  it("rejects a blob whose size does not match its descriptor", async () => {
    const files = await layout();
    const index = indexOf(files);
    index.manifests[0]!.size += 1;
    files.set("index.json", text(JSON.stringify(index)));
    await expect(loadOciLayout(reader(files))).rejects.toThrow(/manifest sha256:[0-9a-f]{64} is \d+ bytes, but its descriptor says/);
  });

  it("leaves layer blobs unread: the LayerStore verifies them when it unpacks", async () => {
    const files = await layout();
    const manifest = JSON.parse(new TextDecoder().decode(files.get(blobPath(indexOf(files).manifests[0]!.digest))));
    for (const layer of manifest.layers) files.delete(blobPath(layer.digest));
    const image = await loadOciLayout(reader(files));
    expect(image.layers.map((l) => l.digest)).toEqual(manifest.layers.map((l: Descriptor) => l.digest));
  });

  it("rejects a malformed diff ID", async () => {
    const layer = { ...(await layoutLayer(baseTar)), diffId: "sha256:short" };
    const files = await buildImageLayout({ config: { architecture: "386", os: "linux" }, layers: [layer] });
    await expect(loadOciLayout(reader(files))).rejects.toThrow(/has a malformed diff ID "sha256:short"/);
  });

  it("reports a directory that is not an OCI layout", async () => {
    await expect(loadOciLayout(reader(new Map()))).rejects.toThrow(/cannot read "oci-layout" of the OCI image layout/);
  });
});
