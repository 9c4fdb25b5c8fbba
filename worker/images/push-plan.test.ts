import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NodeFsContentStore } from "../content/node-fs-content-store.ts";
import { sha256Digest } from "../digest.ts";
import type { ImageConfig } from "./oci-types.ts";
import { MediaType } from "./oci-types.ts";
import type { ImageLayer, ImageRecord } from "./image-store.ts";
import { keepBlob } from "./layout-ingest.ts";
import { planPush } from "./push-plan.ts";

const root = mkdtempSync(join(tmpdir(), "berth-push-plan-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let stores = 0;
const freshContent = () => new NodeFsContentStore(join(root, String(stores++)));

const hex = (seed: number) => seed.toString(16).padStart(64, "0");
const layer = (seed: number, mediaType: string): ImageLayer => ({ digest: `sha256:${hex(seed)}`, diffId: `sha256:${hex(seed + 100)}`, size: seed * 10, mediaType });
const config: ImageConfig = { architecture: "386", os: "linux", rootfs: { type: "layers", diff_ids: [] }, config: { Cmd: ["sh"] } };

async function image(layers: ImageLayer[], configJson: string): Promise<ImageRecord> {
  const id = await sha256Digest(new TextEncoder().encode(configJson));
  return { id, repoTags: [], repoDigests: [], created: 0, size: 0, config: JSON.parse(configJson) as ImageConfig, layers };
}

describe("planPush", () => {
  it("writes Docker's manifest for Docker layers, listing layers in order with short diff ids for progress", async () => {
    const json = JSON.stringify(config);
    const record = await image([layer(1, MediaType.DockerLayerGzip), layer(2, MediaType.DockerLayerGzip)], json);
    const plan = await planPush(record, freshContent());
    const manifest = JSON.parse(new TextDecoder().decode(plan.manifest.bytes));
    expect(plan.manifest.mediaType).toBe(MediaType.DockerManifest);
    expect(manifest).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.DockerManifest,
      config: { mediaType: MediaType.DockerConfig, digest: record.id, size: json.length },
      layers: record.layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
    });
    expect(plan.manifest.digest).toBe(await sha256Digest(plan.manifest.bytes));
    expect(plan.layers.map((entry) => entry.progressId)).toEqual([hex(101).slice(0, 12), hex(102).slice(0, 12)]);
  });

  it("writes an OCI manifest when any layer is OCI, naming Docker's gzip layers by their OCI type", async () => {
    const record = await image([layer(1, MediaType.DockerLayerGzip), layer(2, MediaType.LayerGzip)], JSON.stringify(config));
    const plan = await planPush(record, freshContent());
    const manifest = JSON.parse(new TextDecoder().decode(plan.manifest.bytes)) as { mediaType: string; config: { mediaType: string }; layers: { mediaType: string }[] };
    expect(manifest.mediaType).toBe(MediaType.ImageManifest);
    expect(manifest.config.mediaType).toBe(MediaType.ImageConfig);
    expect(manifest.layers.map((entry) => entry.mediaType)).toEqual([MediaType.LayerGzip, MediaType.LayerGzip]);
  });

  it("uploads a layer the image lists twice only once, but keeps both in the manifest", async () => {
    const record = await image([layer(1, MediaType.LayerGzip), layer(1, MediaType.LayerGzip)], JSON.stringify(config));
    const plan = await planPush(record, freshContent());
    expect(plan.layers).toHaveLength(1);
    expect((JSON.parse(new TextDecoder().decode(plan.manifest.bytes)) as { layers: unknown[] }).layers).toHaveLength(2);
  });

  it("sends the config exactly as the registry sent it, from the content store", async () => {
    const asSent = `{"os":"linux", "architecture":"386","rootfs":{"type":"layers","diff_ids":[]}}`;
    const record = await image([], asSent);
    const content = freshContent();
    await keepBlob(content, record.id, new TextEncoder().encode(asSent));
    const plan = await planPush(record, content);
    expect(new TextDecoder().decode(plan.config.bytes)).toBe(asSent);
  });

  it("refuses to push a config it cannot reproduce byte for byte", async () => {
    const record = await image([], `{"os":"linux", "architecture":"386"}`);
    await expect(planPush(record, freshContent())).rejects.toThrow(/cannot be pushed unchanged; pull the image again/);
  });
});
