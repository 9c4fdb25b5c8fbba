// The engine's push and login against Debian's real docker-registry on loopback, asking for a login
// (htpasswd), reached through the registry proxy's fetch handler as the page reaches it; and behind
// the fault-injecting front for dropped uploads and 5xx answers.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PushMessage } from "../../src/api/types.ts";
import { createRegistryProxy } from "../../src/proxy/registry-proxy.ts";
import { NodeFsContentStore } from "../../worker/content/node-fs-content-store.ts";
import { EventBus } from "../../worker/events/event-bus.ts";
import { ImageEvents } from "../../worker/images/image-events.ts";
import { PersistedImageStore, type ImageRecord } from "../../worker/images/image-store.ts";
import { pushImage, type PushDependencies } from "../../worker/images/push-image.ts";
import { parseImageReference } from "../../worker/images/reference.ts";
import { MemoryRecordStore } from "../../worker/metadata/memory-record-store.ts";
import { CredentialStore } from "../../worker/remotes/credential-store.ts";
import { RegistryClient } from "../../worker/remotes/registry-client.ts";
import { ensureFixtures, type FixtureSet } from "../fixtures/build-fixtures.ts";
import { startFaultRegistry, type FaultRegistry } from "../registry/fault-registry.ts";
import { REGISTRY_LOGIN, startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { storeLayoutImage } from "../registry/stored-image.ts";

const chunkBytes = 1024 * 1024;

let fixtures: FixtureSet;
let secured: LocalRegistry;
let open: LocalRegistry;
let faults: FaultRegistry;
let storage: string;
let images: PersistedImageStore;
let content: NodeFsContentStore;
let logins: CredentialStore;
let client: RegistryClient;
let debian: ImageRecord;
const upstreamRequests: string[] = [];

beforeAll(async () => {
  fixtures = await ensureFixtures();
  [secured, open] = await Promise.all([startLocalRegistry({ auth: true }), startLocalRegistry()]);
  faults = await startFaultRegistry(open.url);
  const proxy = createRegistryProxy({
    allowRegistries: [secured.host, faults.host],
    fetch: (input, init) => {
      upstreamRequests.push(`${init?.method ?? "GET"} ${String(input)}`);
      return fetch(input, init);
    },
  });
  client = new RegistryClient({
    endpointFor: (domain) => `http://berth.test/${domain}`,
    fetch: (input, init) => proxy(new Request(input, init)),
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    uploadChunkBytes: chunkBytes,
  });
  storage = mkdtempSync(join(tmpdir(), "berth-push-"));
  content = new NodeFsContentStore(join(storage, "content"));
  images = new PersistedImageStore(new MemoryRecordStore());
  logins = new CredentialStore(new MemoryRecordStore());
  debian = await storeLayoutImage(content, images, fixtures.images.debian.layout, `${secured.host}/me/debian:bookworm`);
}, 600_000);

afterAll(async () => {
  await Promise.all([secured?.close(), faults?.stop().then(() => open?.close())]);
  if (storage) rmSync(storage, { recursive: true, force: true });
});

function deps(): PushDependencies {
  return {
    images,
    content,
    pusher: (reference, credentials) => client.pusher(reference, credentials),
    storedLogin: (domain) => logins.get(domain),
    events: new ImageEvents(new EventBus(), images),
  };
}

/** Pushes and returns the stream's messages; a failure comes back with the messages before it. */
async function push(name: string, tag?: string): Promise<{ messages: PushMessage[]; error?: Error }> {
  const messages: PushMessage[] = [];
  try {
    await pushImage(deps(), { name, tag }, { report: (message) => void messages.push(message) });
    return { messages };
  } catch (error) {
    return { messages, error: error as Error };
  }
}

const statuses = (messages: PushMessage[], id: string) => messages.filter((message) => message.id === id).map((message) => message.status);
const layerIds = (image: ImageRecord) => image.layers.map((layer) => layer.diffId.slice(7, 19));

/** GET on the registry itself, with the test login. */
function registryGet(registry: LocalRegistry, path: string, accept?: string): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Basic ${btoa(`${REGISTRY_LOGIN.username}:${REGISTRY_LOGIN.password}`)}` };
  if (accept) headers.Accept = accept;
  return fetch(`${registry.url}/v2/${path}`, { headers });
}

describe("login", () => {
  it("accepts the htpasswd login and refuses a wrong password in Docker's words", async () => {
    await expect(client.checkLogin(secured.host, REGISTRY_LOGIN)).resolves.toBeUndefined();
    await expect(client.checkLogin(secured.host, { username: "berth", password: "wrong" })).rejects.toThrow(
      new RegExp(`^Get "http://berth\\.test/${secured.host.replace(/\./g, "\\.")}/v2/": unauthorized: authentication required$`),
    );
  });
});

describe("push to a registry that wants a login", () => {
  it("without a login, says so as Docker does and stores nothing", async () => {
    const { messages, error } = await push(`${secured.host}/me/debian`, "bookworm");
    expect(messages[0]?.status).toBe(`The push refers to repository [${secured.host}/me/debian]`);
    expect(error?.message).toBe("no basic auth credentials");
    expect((await registryGet(secured, "me/debian/tags/list")).status).toBe(404);
  });

  it("with the kept login, uploads every layer in chunks and ends with the digest line and aux record", async () => {
    await logins.save(secured.host, REGISTRY_LOGIN);
    const before = upstreamRequests.length;
    const { messages, error } = await push(`${secured.host}/me/debian`, "bookworm");
    expect(error).toBeUndefined();
    for (const id of layerIds(debian)) {
      const seen = statuses(messages, id);
      expect(seen[0]).toBe("Preparing");
      expect(seen).toContain("Pushing");
      expect(seen.at(-1)).toBe("Pushed");
    }
    const last = messages.at(-2)?.status ?? "";
    const [, digest, size] = /^bookworm: digest: (sha256:[0-9a-f]{64}) size: (\d+)$/.exec(last) ?? [];
    expect(digest).toBeDefined();
    expect(messages.at(-1)?.aux).toEqual({ Tag: "bookworm", Digest: digest, Size: Number(size) });

    const manifestResponse = await registryGet(secured, "me/debian/manifests/bookworm", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
    expect(manifestResponse.headers.get("Docker-Content-Digest")).toBe(digest);
    const manifest = (await manifestResponse.json()) as { config: { digest: string }; layers: { digest: string }[] };
    expect(manifest.config.digest).toBe(debian.id);
    expect(manifest.layers.map((layer) => layer.digest)).toEqual(debian.layers.map((layer) => layer.digest));
    const big = debian.layers.find((layer) => layer.size > 2 * chunkBytes)!;
    expect(big).toBeDefined();
    const patches = upstreamRequests.slice(before).filter((line) => line.startsWith("PATCH "));
    expect(patches.length).toBeGreaterThanOrEqual(Math.ceil(big.size / chunkBytes));
    expect(images.get(debian.id)?.repoDigests).toContain(`${secured.host}/me/debian@${digest}`);

    // Pulled back with the same login, it is the same image.
    const resolved = await client.withCredentials(REGISTRY_LOGIN).resolve(parseImageReference(`${secured.host}/me/debian:bookworm`));
    expect(resolved.manifestDigest).toBe(digest);
    expect(resolved.configDescriptor.digest).toBe(debian.id);
  });

  it("pushed again, finds every layer there already", async () => {
    const { messages, error } = await push(`${secured.host}/me/debian`, "bookworm");
    expect(error).toBeUndefined();
    for (const id of layerIds(debian)) expect(statuses(messages, id).at(-1)).toBe("Layer already exists");
  });

  it("mounts the layers into another repository of the same registry", async () => {
    await images.tag(debian.id, `${secured.host}/team/copy:v1`);
    const { messages, error } = await push(`${secured.host}/team/copy`, "v1");
    expect(error).toBeUndefined();
    for (const id of layerIds(debian)) expect(statuses(messages, id).at(-1)).toBe("Mounted from me/debian");
    expect((await registryGet(secured, "team/copy/manifests/v1", "application/vnd.oci.image.manifest.v1+json")).status).toBe(200);
  });

  it("with no tag, pushes every tag of the repository", async () => {
    await images.tag(debian.id, `${secured.host}/team/copy:v2`);
    const { messages, error } = await push(`${secured.host}/team/copy`);
    expect(error).toBeUndefined();
    expect(messages.filter((message) => message.aux).map((message) => message.aux?.Tag)).toEqual(["v1", "v2"]);
  });
});

describe("bad pushes", () => {
  it("names an image the engine does not have as Docker does", async () => {
    const { error } = await push(`${secured.host}/me/nothing`, "latest");
    expect(error?.message).toBe(`An image does not exist locally with the tag: ${secured.host}/me/nothing`);
  });

  it("refuses the default registry without a login before asking it anything", async () => {
    const before = upstreamRequests.length;
    await images.tag(debian.id, "someone/debian:latest");
    const { error } = await push("docker.io/someone/debian", "latest");
    expect(error?.message).toMatch(/^push access denied for someone\/debian: .*denied: requested access to the resource is denied$/);
    expect(upstreamRequests.length).toBe(before);
  });

  it("resumes a chunk whose connection dropped from where the registry got to", async () => {
    await images.tag(debian.id, `${faults.host}/flaky/resumed:1`);
    const { error } = await push(`${faults.host}/flaky/resumed`, "1");
    expect(error).toBeUndefined();
    // The registry checked every blob's digest as the session closed, so the resumed bytes are right.
    const requests = (prefix: string) => upstreamRequests.filter((line) => line.startsWith(`${prefix} http://${faults.host}/v2/flaky/resumed/blobs/uploads/`));
    const blobsInChunks = debian.layers.filter((layer) => layer.size > 2 * chunkBytes).length;
    expect(blobsInChunks).toBeGreaterThan(0);
    // One status GET per dropped chunk, and no session started over.
    expect(requests("GET").length).toBe(blobsInChunks);
    expect(requests("POST").length).toBe(debian.layers.length + 1);
    const manifest = await fetch(`${open.url}/v2/resumed/manifests/1`, { method: "HEAD", headers: { Accept: "application/vnd.oci.image.manifest.v1+json" } });
    expect(manifest.status).toBe(200);
  });

  it("reports a registry that answers writes with 503 in Docker's words, after its retries", async () => {
    await images.tag(debian.id, `${faults.host}/unavailable/down:1`);
    const { messages, error } = await push(`${faults.host}/unavailable/down`, "1");
    expect(error?.message).toBe("received unexpected HTTP status: 503 Service Unavailable");
    expect(messages.some((message) => message.status === "Pushed")).toBe(false);
  });
});
