import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipDeterministic } from "../../images/oci/node-gzip.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { sha256Digest } from "../digest.ts";
import { MediaType } from "../images/oci-types.ts";
import { decompressLayer, type LayerDescription } from "./decompress-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";

const text = (s: string) => new TextEncoder().encode(s);
const digest = `sha256:${"ab".repeat(32)}`;

const tar = writeTar([
  { path: "etc/motd", type: "file", data: text("hello") },
  { path: "bin/sh", type: "file", mode: 0o755, data: new Uint8Array(5000).map((_, i) => (i * 31) % 256) },
]);

async function layer(mediaType: string, uncompressed: Uint8Array = tar): Promise<LayerDescription> {
  return { digest, diffId: await sha256Digest(uncompressed), mediaType };
}

// A ustar archive of etc/motd ("hello from a zstd layer\n") and bin/hello, compressed by the zstd
// CLI (v1.5.4): `tar --format=ustar … -cf layer.tar etc bin && zstd -19 layer.tar`.
const zstdLayer = Uint8Array.from(
  atob(
    "KLUv/WQAJ9UEAKKGFReAqw7g74yGyWF5pQmKsSkgWw6Xc9EAKYpT6I4GODkEwomjlNQZxTAQm8OeIlM+ynSBMVH4XnNXF2sRuwuZcPHvyKZsrNRHP7r/9O+uWuRbqeIejtkCGSAwLSfxAzyIHpj3F0UGvo6xVaLD/BQHIEAAxq5iyYCiRuSoA4wKZ9EeDUMDWkAyFIDPYKQTTA0GSBDTAOOpvAGSy9xO",
  ),
  (c) => c.charCodeAt(0),
);
const zstdLayerDiffId = "sha256:bca701f270592d822fbf3bbc6c74821792bc950b4d4ecd294e8a5db8c009b75f";

describe("decompressLayer", () => {
  it("decompresses a gzip layer and reports the compressed bytes consumed", async () => {
    const blob = gzipDeterministic(tar);
    const progress: number[] = [];
    const output = await decompressLayer(await layer(MediaType.LayerGzip), blob, (bytes) => progress.push(bytes));
    expect(output).toEqual(tar);
    expect(progress.at(-1)).toBe(blob.length);
  });

  it("reports progress in steps through a large gzip layer", async () => {
    const big = new Uint8Array(randomBytes(3 * 1024 * 1024));
    const blob = gzipSync(big, { level: 1 });
    const progress: number[] = [];
    const output = await decompressLayer(await layer(MediaType.LayerGzip, big), blob, (bytes) => progress.push(bytes));
    expect(Buffer.compare(output, big)).toBe(0);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(blob.length);
  });

  it("decompresses a gzip layer of several members (the Docker media type)", async () => {
    const blob = new Uint8Array(Buffer.concat([gzipSync(tar.subarray(0, 3000)), gzipSync(tar.subarray(3000, 5000)), gzipSync(tar.subarray(5000))]));
    expect(await decompressLayer(await layer(MediaType.DockerLayerGzip), blob)).toEqual(tar);
  });

  it("decompresses a zstd layer made by the zstd CLI", async () => {
    const output = await decompressLayer({ digest, diffId: zstdLayerDiffId, mediaType: MediaType.LayerZstd }, zstdLayer);
    const entries = [...readTar(output)];
    expect(entries.map((entry) => entry.path)).toEqual(["etc", "etc/motd", "bin", "bin/hello"]);
    expect(new TextDecoder().decode(entries[1]!.data)).toBe("hello from a zstd layer\n");
  });

  it("passes an uncompressed layer through as it is", async () => {
    const progress: number[] = [];
    expect(await decompressLayer(await layer(MediaType.Layer), tar, (bytes) => progress.push(bytes))).toBe(tar);
    expect(progress).toEqual([tar.length]);
  });

  it("rejects a layer whose content is not the config's diff ID", async () => {
    const wrong = `sha256:${"0".repeat(64)}`;
    const failure = decompressLayer({ digest, diffId: wrong, mediaType: MediaType.LayerGzip }, gzipDeterministic(tar));
    await expect(failure).rejects.toMatchObject({
      code: "invalid",
      message: `failed to register layer: layer ${digest} has diff ID ${await sha256Digest(tar)}, but the image config says ${wrong}`,
    });
  });

  it("rejects truncated gzip, naming the layer", async () => {
    const blob = gzipDeterministic(tar);
    await expect(decompressLayer(await layer(MediaType.LayerGzip), blob.subarray(0, blob.length - 20))).rejects.toMatchObject({
      code: "invalid",
      message: expect.stringMatching(new RegExp(`^layer ${digest}: corrupt or truncated gzip data`)),
    });
  });

  it("rejects truncated zstd, naming the layer", async () => {
    const truncated = zstdLayer.subarray(0, zstdLayer.length - 40);
    await expect(decompressLayer({ digest, diffId: zstdLayerDiffId, mediaType: MediaType.LayerZstd }, truncated)).rejects.toMatchObject({
      code: "invalid",
      message: `layer ${digest}: corrupt or truncated zstd data: unexpected EOF`,
    });
  });

  it("rejects data that is not what the media type says", async () => {
    await expect(decompressLayer(await layer(MediaType.LayerGzip), tar)).rejects.toThrow(`layer ${digest}: not gzip data`);
    await expect(decompressLayer(await layer(MediaType.LayerZstd), tar)).rejects.toThrow(`layer ${digest}: corrupt or truncated zstd data`);
  });

  it("rejects an unknown media type", async () => {
    await expect(decompressLayer(await layer("application/vnd.oci.image.layer.v1.tar+bzip2"), tar)).rejects.toMatchObject({
      code: "invalid",
      message: `layer ${digest} has unsupported media type application/vnd.oci.image.layer.v1.tar+bzip2`,
    });
  });
});
