import { afterEach, describe, expect, it, vi } from "vitest";
import { isEngineError } from "../../src/api/errors.ts";
import { sha256Digest } from "../digest.ts";
import { MediaType } from "../images/oci-types.ts";
import { parseImageReference, withDefaultTag } from "../images/reference.ts";
import { RegistryClient } from "./registry-client.ts";
import { credentialsFor } from "./registry-credentials.ts";
import { pseudoRandomBytes, TestRegistry, type TestRegistryOptions } from "./test-registry.ts";

const why = "berth's guest is a 32-bit x86 (i686) Linux VM, so it can run only linux/386 images";
const linux = (architecture: string, variant?: string) => ({ os: "linux", architecture, ...(variant ? { variant } : {}) });
const reference = (text: string) => withDefaultTag(parseImageReference(text));

function setup(options: Partial<TestRegistryOptions> = {}) {
  const registry = new TestRegistry({ origin: "https://registry.test", realm: "https://auth.test/token", ...options });
  const sleeps: number[] = [];
  const client = new RegistryClient({
    endpointFor: (domain) => `https://${domain}`,
    fetch: registry.fetch,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { registry, client, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!isEngineError(error)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

async function multiPlatform(registry: TestRegistry, tag = "1") {
  const amd64 = await registry.putImage("team/app", linux("amd64"), [pseudoRandomBytes(100, 1)]);
  const i386 = await registry.putImage("team/app", linux("386"), [pseudoRandomBytes(300, 2), pseudoRandomBytes(200, 3)]);
  const arm64 = await registry.putImage("team/app", linux("arm64", "v8"), [pseudoRandomBytes(100, 4)]);
  const attestation = { ...(await registry.putImage("team/app", linux("amd64"), [])).manifest, platform: { os: "unknown", architecture: "unknown" } };
  const index = await registry.putIndex("team/app", tag, [amd64.manifest, i386.manifest, arm64.manifest, attestation]);
  return { index, i386 };
}

describe("RegistryClient.resolve", () => {
  it("selects linux/386 from an OCI index and verifies manifest and config", async () => {
    const { registry, client } = setup();
    const { index, i386 } = await multiPlatform(registry);
    const resolved = await client.resolve(reference("registry.test/team/app:1"));
    expect(resolved.manifestDigest).toBe(index.digest);
    expect(resolved.index).toMatchObject({ digest: index.digest, mediaType: MediaType.ImageIndex });
    expect(await sha256Digest(resolved.index!.bytes)).toBe(index.digest);
    expect(resolved.platformManifestDigest).toBe(i386.manifest.digest);
    expect(await sha256Digest(resolved.manifestBytes)).toBe(i386.manifest.digest);
    expect(resolved.manifestMediaType).toBe(MediaType.ImageManifest);
    expect(resolved.manifest.layers).toEqual(i386.layers);
    expect(resolved.configDescriptor).toEqual(i386.config);
    expect(await sha256Digest(resolved.configBytes)).toBe(i386.config.digest);
    expect(resolved.config).toMatchObject({ os: "linux", architecture: "386" });
  });

  it("sends the Accept header for indexes and manifests, OCI and Docker", async () => {
    const seen: string[] = [];
    const { registry } = setup();
    await multiPlatform(registry);
    const client = new RegistryClient({
      endpointFor: (domain) => `https://${domain}`,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.url.includes("/manifests/")) seen.push(request.headers.get("Accept") ?? "");
        return registry.handle(request);
      },
    });
    await client.resolve(reference("registry.test/team/app:1"));
    expect(seen[0]!.split(", ")).toEqual([
      MediaType.ImageIndex,
      MediaType.DockerManifestList,
      MediaType.ImageManifest,
      MediaType.DockerManifest,
    ]);
  });

  it("accepts an i386 entry in a Docker manifest list", async () => {
    const { registry, client } = setup();
    const amd64 = await registry.putImage("team/app", linux("amd64"), [pseudoRandomBytes(10, 1)], { docker: true });
    const i386 = await registry.putImage("team/app", linux("386"), [pseudoRandomBytes(10, 2)], { docker: true });
    await registry.putIndex("team/app", "old", [amd64.manifest, { ...i386.manifest, platform: linux("i386") }], MediaType.DockerManifestList);
    const resolved = await client.resolve(reference("registry.test/team/app:old"));
    expect(resolved.platformManifestDigest).toBe(i386.manifest.digest);
    expect(resolved.manifestMediaType).toBe(MediaType.DockerManifest);
    expect(resolved.index?.mediaType).toBe(MediaType.DockerManifestList);
  });

  it("resolves a single-platform manifest, by tag and by digest", async () => {
    const { registry, client } = setup();
    const image = await registry.putImage("team/app", linux("386"), [pseudoRandomBytes(50, 1)], { tag: "single", docker: true });
    const byTag = await client.resolve(reference("registry.test/team/app:single"));
    expect(byTag.manifestDigest).toBe(image.manifest.digest);
    expect(byTag.platformManifestDigest).toBe(image.manifest.digest);
    expect(byTag.index).toBeUndefined();
    const byDigest = await client.resolve(reference(`registry.test/team/app@${image.manifest.digest}`));
    expect(byDigest.manifestDigest).toBe(image.manifest.digest);
    expect(registry.requests.at(-2)?.url).toBe(`https://registry.test/v2/team/app/manifests/${image.manifest.digest}`);
  });

  it("names the platforms an index has when linux/386 is not among them", async () => {
    const { registry, client } = setup();
    const amd64 = await registry.putImage("team/app", linux("amd64"), []);
    const arm64 = await registry.putImage("team/app", linux("arm64", "v8"), []);
    const attestation = { ...amd64.manifest, platform: { os: "unknown", architecture: "unknown" } };
    await registry.putIndex("team/app", "modern", [amd64.manifest, arm64.manifest, attestation]);
    expect(await failure(client.resolve(reference("registry.test/team/app:modern")))).toEqual({
      code: "not-found",
      message: `no matching manifest for linux/386 in the manifest list entries (the image is built for linux/amd64, linux/arm64/v8); ${why}`,
    });
  });

  it("refuses a single-platform image for another architecture", async () => {
    const { registry, client } = setup();
    await registry.putImage("team/app", linux("amd64"), [], { tag: "amd64" });
    expect(await failure(client.resolve(reference("registry.test/team/app:amd64")))).toEqual({
      code: "not-found",
      message:
        "image with reference registry.test/team/app:amd64 was found but does not match the specified platform: " +
        `wanted linux/386, actual: linux/amd64; ${why}`,
    });
  });

  it("rejects schema 1 manifests, by Content-Type or by content", async () => {
    const { registry, client } = setup();
    const schema1 = { schemaVersion: 1, name: "team/app", tag: "ancient", architecture: "386", fsLayers: [], history: [] };
    await registry.putManifest("team/app", schema1, "application/vnd.docker.distribution.manifest.v1+prettyjws", "ancient");
    await registry.putManifest("team/app", schema1, "application/json", "ancient-json");
    for (const tag of ["ancient", "ancient-json"]) {
      const error = await failure(client.resolve(reference(`registry.test/team/app:${tag}`)));
      expect(error.code).toBe("invalid");
      expect(error.message).toContain(`registry.test/team/app:${tag} has a Docker image manifest version 2, schema 1, which is not supported`);
      expect(error.message).toContain("re-pushed with a current client");
    }
  });

  it("verifies manifests against Docker-Content-Digest, the reference's digest and the index entry", async () => {
    const { registry, client } = setup();
    const { index, i386 } = await multiPlatform(registry);
    registry.faults.corrupt.add(index.digest);
    expect(await failure(client.resolve(reference("registry.test/team/app:1")))).toEqual({
      code: "invalid",
      message: `manifest verification failed for digest ${index.digest}`,
    });
    expect((await failure(client.resolve(reference(`registry.test/team/app@${index.digest}`)))).message).toBe(
      `manifest verification failed for digest ${index.digest}`,
    );
    registry.faults.corrupt.clear();
    registry.faults.corrupt.add(i386.manifest.digest);
    expect((await failure(client.resolve(reference("registry.test/team/app:1")))).message).toBe(
      `manifest verification failed for digest ${i386.manifest.digest}`,
    );
  });

  it("verifies the image config", async () => {
    const { registry, client } = setup();
    const { i386 } = await multiPlatform(registry);
    registry.faults.corrupt.add(i386.config.digest);
    expect(await failure(client.resolve(reference("registry.test/team/app:1")))).toEqual({
      code: "invalid",
      message: `image config verification failed for digest ${i386.config.digest}`,
    });
  });

  it("reports unknown tags and repositories as Docker does", async () => {
    const { registry, client } = setup();
    await multiPlatform(registry);
    expect(await failure(client.resolve(reference("registry.test/team/app:nope")))).toEqual({
      code: "not-found",
      message: "manifest for registry.test/team/app:nope not found: manifest unknown: manifest unknown",
    });
    expect(await failure(client.resolve(reference("registry.test/nobody/here")))).toEqual({
      code: "not-found",
      message:
        "pull access denied for registry.test/nobody/here, repository does not exist or may require 'docker login': " +
        "name unknown: repository name not known to registry",
    });
  });

  it("retries 5xx answers with backoff", async () => {
    const { registry, client, sleeps } = setup();
    await multiPlatform(registry);
    registry.faults.statuses.push(503, 502);
    const resolved = await client.resolve(reference("registry.test/team/app:1"));
    expect(resolved.config.architecture).toBe("386");
    expect(sleeps).toHaveLength(2);
  });

  it("gives up after the last attempt", async () => {
    const { registry, client, sleeps } = setup();
    await multiPlatform(registry);
    registry.faults.statuses.push(...Array<number>(5).fill(503));
    expect(await failure(client.resolve(reference("registry.test/team/app:1")))).toEqual({
      code: "unavailable",
      message: `Get "https://registry.test/v2/team/app/manifests/1": unavailable: injected fault`,
    });
    expect(sleeps).toHaveLength(4);
  });

  it("reports a registry it cannot reach", async () => {
    const { client } = setup();
    expect(await failure(client.resolve(reference("unreachable.test/x")))).toEqual({
      code: "unavailable",
      message: `Get "https://unreachable.test/v2/x/manifests/latest": fetch failed: no route to unreachable.test`,
    });
  });
});

describe("RegistryClient authentication", () => {
  afterEach(() => vi.useRealTimers());

  it("fetches one token anonymously and reuses it for manifests and blobs", async () => {
    const { registry, client } = setup();
    await multiPlatform(registry);
    const ref = reference("registry.test/team/app:1");
    await client.resolve(ref);
    await client.resolve(ref);
    const tokenRequests = registry.requests.filter((request) => request.url.startsWith("https://auth.test/"));
    expect(tokenRequests).toEqual([
      { url: "https://auth.test/token?service=test-registry&scope=repository%3Ateam%2Fapp%3Apull", authorization: null, range: null },
    ]);
    const apiRequests = registry.requests.filter((request) => request.url.startsWith("https://registry.test/"));
    // One 401 at the start, every other request with the token.
    expect(apiRequests[0]!.authorization).toBeNull();
    expect(apiRequests.slice(1).every((request) => request.authorization === "Bearer token-1")).toBe(true);
  });

  it("renews an expired token", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-06-01T00:00:00Z"));
    const { registry, client } = setup({ tokenLifetimeSeconds: 60 });
    await multiPlatform(registry);
    const ref = reference("registry.test/team/app:1");
    await client.resolve(ref);
    vi.setSystemTime(Date.parse("2026-06-01T00:00:50Z"));
    await client.resolve(ref);
    expect(registry.tokens.size).toBe(1);
    vi.setSystemTime(Date.parse("2026-06-01T00:01:00Z"));
    await client.resolve(ref);
    expect(registry.tokens.size).toBe(2);
  });

  it("renews a token the registry stops accepting", async () => {
    const { registry, client } = setup();
    await multiPlatform(registry);
    const ref = reference("registry.test/team/app:1");
    await client.resolve(ref);
    registry.tokens.clear();
    await client.resolve(ref);
    expect([...registry.tokens.keys()]).toEqual(["token-2"]);
    expect(registry.requests.filter((request) => request.url.startsWith("https://auth.test/"))).toHaveLength(2);
  });

  it("keeps tokens per repository", async () => {
    const { registry, client } = setup();
    await multiPlatform(registry);
    await registry.putImage("team/other", linux("386"), [], { tag: "latest" });
    await client.resolve(reference("registry.test/team/app:1"));
    await client.resolve(reference("registry.test/team/other"));
    expect([...registry.tokens.values()]).toEqual(["team/app", "team/other"]);
  });

  it("never sends the token to the token service or to a blob host the registry redirects to", async () => {
    const { registry, client } = setup({ blobOrigin: "https://cdn.test" });
    await multiPlatform(registry);
    await client.resolve(reference("registry.test/team/app:1"));
    const byOrigin = (origin: string) => registry.requests.filter((request) => request.url.startsWith(origin));
    expect(byOrigin("https://cdn.test/").length).toBeGreaterThan(0);
    expect(byOrigin("https://cdn.test/").every((request) => request.authorization === null)).toBe(true);
    expect(byOrigin("https://auth.test/").every((request) => request.authorization === null)).toBe(true);
    expect(byOrigin("https://registry.test/").some((request) => request.authorization === "Bearer token-1")).toBe(true);
  });

  it("says, as Docker does, that a registry wanting Basic authentication got no login", async () => {
    const client = new RegistryClient({
      endpointFor: (domain) => `https://${domain}`,
      fetch: async () => new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Basic realm="Registry Realm"' } }),
    });
    expect(await failure(client.resolve(reference("registry.test/team/app")))).toEqual({
      code: "unauthorized",
      message:
        `Get "https://registry.test/v2/team/app/manifests/latest": ` +
        "no basic auth credentials",
    });
  });

  it("logs in to the token service with the user's credentials, and keeps that token apart from anonymous ones", async () => {
    const { registry, client } = setup({ login: { username: "ada", password: "s3cret" } });
    await registry.putImage("team/app", linux("386"), [pseudoRandomBytes(50, 1)], { tag: "latest" });
    expect((await failure(client.resolve(reference("registry.test/team/app")))).message).toContain("pull access denied");
    const resolved = await client.withCredentials({ username: "ada", password: "s3cret" }).resolve(reference("registry.test/team/app"));
    expect(resolved.manifestDigest).toMatch(/^sha256:/);
    const tokenRequests = registry.requests.filter((request) => request.url.startsWith("https://auth.test/"));
    expect(tokenRequests.at(-1)?.authorization).toBe(`Basic ${btoa("ada:s3cret")}`);
    expect(registry.requests.filter((request) => request.url.startsWith("https://registry.test/")).every((request) => !request.authorization?.startsWith("Basic"))).toBe(true);
    expect((await failure(client.resolve(reference("registry.test/team/app")))).message).toContain("pull access denied");
  });

  it("answers a Basic challenge with the login only to the registry itself", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const client = new RegistryClient({
      endpointFor: (domain) => `https://${domain}`,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        seen.push({ url: request.url, authorization: request.headers.get("Authorization") });
        return new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Basic realm="Registry Realm"' } });
      },
      sleep: async () => undefined,
    });
    await failure(client.withCredentials({ username: "ada", password: "pw" }).resolve(reference("registry.test/team/app")));
    expect(seen.map((request) => request.authorization)).toEqual([null, `Basic ${btoa("ada:pw")}`]);
  });
});

describe("X-Registry-Auth", () => {
  const header = (auth: object) => btoa(JSON.stringify(auth)).replace(/\+/g, "-").replace(/\//g, "_");

  it("gives the login for the registry it names, and nothing for another registry", () => {
    expect(credentialsFor(header({ username: "ada", password: "pw", serveraddress: "registry.test" }), "registry.test")).toEqual({ username: "ada", password: "pw" });
    expect(credentialsFor(header({ username: "ada", password: "pw", serveraddress: "https://index.docker.io/v1/" }), "docker.io")).toEqual({ username: "ada", password: "pw" });
    expect(credentialsFor(header({ username: "ada", password: "pw", serveraddress: "other.test" }), "registry.test")).toBeUndefined();
    expect(credentialsFor(header({}), "registry.test")).toBeUndefined();
    expect(credentialsFor("not base64 json", "registry.test")).toBeUndefined();
    expect(credentialsFor(undefined, "registry.test")).toBeUndefined();
  });
});
