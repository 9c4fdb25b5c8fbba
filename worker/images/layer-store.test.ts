import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gzipDeterministic } from "../../images/oci/node-gzip.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import type { ContentStore } from "../content/content-store.ts";
import { NodeFsContentStore } from "../content/node-fs-content-store.ts";
import { sha256Digest } from "../digest.ts";
import type { ImageLayer } from "./image-store.ts";
import { LayerStore } from "./layer-store.ts";
import { MediaType } from "./oci-types.ts";

const text = (s: string) => new TextEncoder().encode(s);

async function storeLayer(content: ContentStore, tar: Uint8Array): Promise<ImageLayer> {
  const blob = gzipDeterministic(tar);
  const digest = await sha256Digest(blob);
  const writer = await content.writer(`test-${digest}`);
  await writer.write(blob);
  await writer.commit(blob.length, digest);
  return { digest, diffId: await sha256Digest(tar), size: blob.length, mediaType: MediaType.LayerGzip };
}

describe("LayerStore", () => {
  let root: string;
  let content: NodeFsContentStore;
  const tar = writeTar([{ path: "etc/motd", type: "file", data: text("hello") }]);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "berth-layers-"));
    content = new NodeFsContentStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("unpacks a layer from its blob in the content store, reporting progress", async () => {
    const layer = await storeLayer(content, tar);
    const progress: number[] = [];
    expect(await new LayerStore(content).unpack(layer, (bytes) => progress.push(bytes))).toEqual(tar);
    expect(progress.at(-1)).toBe(layer.size);
  });

  it("unpacks once and serves the cached tar to every later request", async () => {
    const layer = await storeLayer(content, tar);
    const layers = new LayerStore(content);
    const [first, concurrent] = await Promise.all([layers.unpack(layer), layers.unpack(layer)]);
    expect(concurrent).toBe(first);
    await content.delete(layer.digest);
    expect(await layers.unpack(layer)).toBe(first);
  });

  it("rejects a blob that does not unpack to the diff ID, and does not cache the failure", async () => {
    const layer = await storeLayer(content, tar);
    const layers = new LayerStore(content);
    const wrong = { ...layer, diffId: `sha256:${"0".repeat(64)}` };
    await expect(layers.unpack(wrong)).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(/^failed to register layer: /) });
    await expect(layers.unpack(wrong)).rejects.toMatchObject({ code: "invalid" });
  });

  it("fails as not-found when the blob is not in the content store", async () => {
    const layer = await storeLayer(content, tar);
    await content.delete(layer.digest);
    await expect(new LayerStore(content).unpack(layer)).rejects.toMatchObject({ code: "not-found" });
  });

  it("drops the tars of layers no image keeps", async () => {
    const kept = await storeLayer(content, tar);
    const dropped = await storeLayer(content, writeTar([{ path: "etc/issue", type: "file", data: text("bye") }]));
    const layers = new LayerStore(content);
    const keptTar = await layers.unpack(kept);
    await layers.unpack(dropped);
    layers.retainOnly(new Set([kept.diffId]));
    await content.delete(kept.digest);
    await content.delete(dropped.digest);
    expect(await layers.unpack(kept)).toBe(keptTar);
    await expect(layers.unpack(dropped)).rejects.toMatchObject({ code: "not-found" });
  });
});
