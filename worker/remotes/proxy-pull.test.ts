// The client pulling through the real registry proxy (src/proxy/registry-proxy.ts), which forwards
// to the in-memory test registry: the token realm is rewritten to point at the proxy, blobs resume
// with Range through it, and its own refusals reach the user verbatim.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRegistryProxy } from "../../src/proxy/registry-proxy.ts";
import { isEngineError } from "../../src/api/errors.ts";
import { NodeFsContentStore } from "../content/node-fs-content-store.ts";
import { parseImageReference, withDefaultTag } from "../images/reference.ts";
import { RegistryClient } from "./registry-client.ts";
import { pseudoRandomBytes, TestRegistry } from "./test-registry.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-proxy-pull-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const registryHost = "127.0.0.1:5999";
const appOrigin = "http://app.test";

async function setup() {
  const registry = new TestRegistry({ origin: `http://${registryHost}`, realm: `http://${registryHost}/token` });
  const proxy = createRegistryProxy({ allowRegistries: [registryHost], fetch: registry.fetch, basePath: "/registry" });
  const clientRequests: { url: string; authorization: string | null }[] = [];
  const client = new RegistryClient({
    endpointFor: (domain) => `${appOrigin}/registry/${domain}`,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      clientRequests.push({ url: request.url, authorization: request.headers.get("Authorization") });
      return proxy(request);
    },
    sleep: async () => undefined,
  });
  const i386 = await registry.putImage("team/app", { os: "linux", architecture: "386" }, [pseudoRandomBytes(60_000, 3)]);
  const amd64 = await registry.putImage("team/app", { os: "linux", architecture: "amd64" }, [pseudoRandomBytes(10, 4)]);
  const index = await registry.putIndex("team/app", "1", [amd64.manifest, i386.manifest]);
  return { registry, client, clientRequests, i386, index };
}

describe("pulling through the registry proxy", () => {
  it("gets its token through the proxy's rewritten realm and pulls the image", async () => {
    const { registry, client, clientRequests, i386, index } = await setup();
    const reference = withDefaultTag(parseImageReference(`${registryHost}/team/app:1`));
    const resolved = await client.resolve(reference);
    expect(resolved.manifestDigest).toBe(index.digest);
    expect(resolved.platformManifestDigest).toBe(i386.manifest.digest);

    const tokenUrl = `${appOrigin}/registry/${registryHost}/token?service=test-registry&scope=repository%3Ateam%2Fapp%3Apull`;
    expect(clientRequests.filter((request) => request.url.includes("/token"))).toEqual([{ url: tokenUrl, authorization: null }]);
    expect(registry.requests.filter((request) => request.url.startsWith(`http://${registryHost}/token`))).toHaveLength(1);
    expect(clientRequests.every((request) => request.url.startsWith(`${appOrigin}/registry/${registryHost}/`))).toBe(true);

    const store = new NodeFsContentStore(join(temporaryRoot, "through-proxy"));
    registry.faults.dropAfter.push(25_000);
    const layer = resolved.manifest.layers[0]!;
    await client.fetchBlob(reference, layer, store);
    expect(await store.read(layer.digest)).toEqual(pseudoRandomBytes(60_000, 3));
    const blobRequests = registry.requests.filter((request) => request.url.endsWith(`/blobs/${layer.digest}`));
    expect(blobRequests.map((request) => [request.range, request.authorization])).toEqual([
      [null, "Bearer token-1"],
      ["bytes=25000-", "Bearer token-1"],
    ]);
  });

  it("reports the proxy's refusal of a registry that is not on its allowlist", async () => {
    const { client } = await setup();
    const error = await client.resolve(withDefaultTag(parseImageReference("evil.example/x"))).catch((reason: unknown) => reason);
    expect(isEngineError(error) && { code: error.code, message: error.message }).toEqual({
      code: "forbidden",
      message: `Get "${appOrigin}/registry/evil.example/v2/x/manifests/latest": denied: registry host evil.example is not on the proxy's allowlist`,
    });
  });
});
