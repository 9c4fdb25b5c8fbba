import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isEngineError } from "../../src/api/errors.ts";
import type { ContentStore } from "../content/content-store.ts";
import { IndexedDbContentStore } from "../content/indexeddb-content-store.ts";
import { NodeFsContentStore } from "../content/node-fs-content-store.ts";
import type { Descriptor } from "../images/oci-types.ts";
import { parseImageReference, withDefaultTag } from "../images/reference.ts";
import { RegistryClient } from "./registry-client.ts";
import type { RetryPolicy } from "./retry.ts";
import { pseudoRandomBytes, TestRegistry } from "./test-registry.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-remotes-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const reference = withDefaultTag(parseImageReference("registry.test/team/app:1"));
const layerBytes = pseudoRandomBytes(100_000, 7);

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!isEngineError(error)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

async function walked(store: ContentStore): Promise<string[]> {
  const digests: string[] = [];
  for await (const info of store.walk()) digests.push(info.digest);
  return digests;
}

const stores: [string, (location: string) => ContentStore][] = [
  ["filesystem", (location) => new NodeFsContentStore(join(temporaryRoot, location))],
  ["IndexedDB", (location) => new IndexedDbContentStore(location, 16 * 1024)],
];

describe.each(stores)("RegistryClient.fetchBlob into the %s content store", (name, openStore) => {
  let locations = 0;

  async function setup(retry?: RetryPolicy) {
    const location = `${name}-${locations++}`;
    const registry = new TestRegistry({ origin: "https://registry.test", realm: "https://auth.test/token" });
    const image = await registry.putImage("team/app", { os: "linux", architecture: "386" }, [layerBytes], { tag: "1" });
    const newClient = () =>
      new RegistryClient({ endpointFor: (domain) => `https://${domain}`, fetch: registry.fetch, sleep: async () => undefined, ...(retry ? { retry } : {}) });
    const layer: Descriptor = image.layers[0]!;
    const blobRequests = () => registry.requests.filter((request) => request.url === `https://registry.test/v2/team/app/blobs/${layer.digest}`);
    return { registry, layer, location, store: openStore(location), client: newClient(), newClient, blobRequests };
  }

  it("streams a blob into the store, reporting progress, and verifies it", async () => {
    const { client, store, layer } = await setup();
    const progress: number[] = [];
    const info = await client.fetchBlob(reference, layer, store, (stored) => progress.push(stored));
    expect(info).toMatchObject({ digest: layer.digest, size: layer.size });
    expect(await store.read(layer.digest)).toEqual(layerBytes);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(layerBytes.length);
  });

  it("lets a second download of the same blob wait for the first, which holds the ingest, and downloads it once", async () => {
    const alone = await setup();
    await alone.client.fetchBlob(reference, alone.layer, alone.store);
    const { client, newClient, store, layer, blobRequests } = await setup();
    const [first, second] = await Promise.all([client.fetchBlob(reference, layer, store), newClient().fetchBlob(reference, layer, store)]);
    expect(first).toMatchObject({ digest: layer.digest, size: layer.size });
    expect(second).toMatchObject({ digest: layer.digest, size: layer.size });
    expect(blobRequests()).toHaveLength(alone.blobRequests().length);
    expect(await store.read(layer.digest)).toEqual(layerBytes);
  });

  it("does not download a blob the store has", async () => {
    const { client, store, layer, blobRequests } = await setup();
    await client.fetchBlob(reference, layer, store);
    const before = blobRequests().length;
    expect(await client.fetchBlob(reference, layer, store)).toMatchObject({ digest: layer.digest });
    expect(blobRequests()).toHaveLength(before);
  });

  it("resumes with a Range request after the connection drops mid-body", async () => {
    const { client, store, layer, registry, blobRequests } = await setup();
    registry.faults.dropAfter.push(40_000);
    await client.fetchBlob(reference, layer, store);
    expect(blobRequests().map((request) => request.range)).toEqual([null, null, "bytes=40000-"]);
    expect(await store.read(layer.digest)).toEqual(layerBytes);
    expect(await store.status(layer.digest)).toBeUndefined();
  });

  it("resumes after a body that ends early", async () => {
    const { client, store, layer, registry, blobRequests } = await setup();
    registry.faults.truncateAfter.push(12_345);
    await client.fetchBlob(reference, layer, store);
    expect(blobRequests().at(-1)?.range).toBe("bytes=12345-");
    expect(await store.read(layer.digest)).toEqual(layerBytes);
  });

  it("skips what it has when the registry ignores Range", async () => {
    const { client, store, layer, registry, blobRequests } = await setup();
    registry.faults.dropAfter.push(30_000);
    registry.faults.ignoreRange = true;
    await client.fetchBlob(reference, layer, store);
    expect(blobRequests().at(-1)?.range).toBe("bytes=30000-");
    expect(await store.read(layer.digest)).toEqual(layerBytes);
  });

  it("starts over when a partial answer starts elsewhere", async () => {
    const { client, store, layer, registry, blobRequests } = await setup();
    registry.faults.dropAfter.push(30_000);
    registry.faults.rangeFromStart = true;
    await client.fetchBlob(reference, layer, store);
    expect(blobRequests().slice(-2).map((request) => request.range)).toEqual(["bytes=30000-", null]);
    expect(await store.read(layer.digest)).toEqual(layerBytes);
  });

  it("retries 5xx answers", async () => {
    const { client, store, layer, registry } = await setup();
    registry.faults.statuses.push(500, 503);
    await client.fetchBlob(reference, layer, store);
    expect(await store.read(layer.digest)).toEqual(layerBytes);
  });

  it("keeps the bytes of an interrupted download, and a later pull (after a reload) resumes them", async () => {
    const { client, store, layer, registry, location, newClient, blobRequests } = await setup({ attempts: 2, baseDelayMs: 1, maxDelayMs: 1 });
    registry.faults.dropAfter.push(30_000, 30_000);
    expect(await failure(client.fetchBlob(reference, layer, store))).toEqual({
      code: "unavailable",
      message: `Get "https://registry.test/v2/team/app/blobs/${layer.digest}": terminated: other side closed`,
    });
    expect(await store.status(layer.digest)).toMatchObject({ offset: 60_000 });
    expect(await walked(store)).toEqual([]);

    const reloaded = openStore(location);
    const progress: number[] = [];
    await newClient().fetchBlob(reference, layer, reloaded, (stored) => progress.push(stored));
    expect(blobRequests().at(-1)?.range).toBe("bytes=60000-");
    expect(progress[0]).toBe(60_000);
    expect(await reloaded.read(layer.digest)).toEqual(layerBytes);
    expect(await reloaded.status(layer.digest)).toBeUndefined();
  });

  it("leaves nothing behind when the bytes do not match the digest", async () => {
    const { client, store, layer, registry } = await setup();
    registry.faults.corrupt.add(layer.digest);
    expect(await failure(client.fetchBlob(reference, layer, store))).toEqual({
      code: "invalid",
      message: `filesystem layer verification failed for digest ${layer.digest}`,
    });
    expect(await walked(store)).toEqual([]);
    expect(await store.status(layer.digest)).toBeUndefined();
  });

  it("leaves nothing behind when the registry sends more bytes than the descriptor says", async () => {
    const { client, store, layer } = await setup();
    const short = { ...layer, size: layer.size - 1 };
    expect((await failure(client.fetchBlob(reference, short, store))).message).toBe(`filesystem layer verification failed for digest ${layer.digest}`);
    expect(await walked(store)).toEqual([]);
    expect(await store.status(layer.digest)).toBeUndefined();
  });

  it("reports a blob the registry does not have, leaving nothing behind", async () => {
    const { client, store } = await setup();
    const missing: Descriptor = { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: `sha256:${"0".repeat(64)}`, size: 10 };
    expect(await failure(client.fetchBlob(reference, missing, store))).toEqual({
      code: "not-found",
      message: `Get "https://registry.test/v2/team/app/blobs/${missing.digest}": blob unknown: blob unknown to registry`,
    });
    expect(await store.status(missing.digest)).toBeUndefined();
  });

  it("stops when aborted, keeping the bytes stored so far and no open writer", async () => {
    const { client, store, layer } = await setup();
    const controller = new AbortController();
    const download = client.fetchBlob(reference, layer, store, (stored) => {
      if (stored >= 20_000) controller.abort(new Error("pull cancelled"));
    }, controller.signal);
    await expect(download).rejects.toThrow("pull cancelled");
    expect((await store.status(layer.digest))?.offset).toBeGreaterThanOrEqual(20_000);
    const writer = await store.writer(layer.digest);
    await writer.abort();
  });
});
