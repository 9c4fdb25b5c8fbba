import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRegistry, type FakeRegistry } from "./node-fake-registry.ts";
import { createRegistryProxy } from "./registry-proxy.ts";

const proxyOrigin = "http://127.0.0.1:9";
const upstreamUrls: string[] = [];

/** Real fetch, refusing anything but loopback so a test can never reach the internet. */
const loopbackFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input);
  upstreamUrls.push(url.href);
  if (url.hostname !== "127.0.0.1") throw new Error(`test tried to reach ${url.host}`);
  return fetch(url, init);
};

let registry: FakeRegistry;
let proxy: (request: Request) => Promise<Response>;

beforeAll(async () => {
  registry = await startFakeRegistry();
  proxy = createRegistryProxy({ allowRegistries: [registry.registryHost, registry.blobHost], fetch: loopbackFetch });
});
afterAll(() => registry.close());

function get(path: string, headers: HeadersInit = {}, method = "GET"): Promise<Response> {
  return proxy(new Request(`${proxyOrigin}${path}`, { method, headers }));
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { errors: { code: string }[] };
  return body.errors[0]?.code ?? "";
}

describe("forwarding", () => {
  it("forwards the ping with the registry's headers and CORS", async () => {
    const response = await get(`/${registry.registryHost}/v2/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Docker-Distribution-Api-Version")).toBe("registry/2.0");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Expose-Headers")).toContain("Docker-Content-Digest");
  });

  it("forwards a manifest by tag, not cached as immutable", async () => {
    const response = await get(`/${registry.registryHost}/v2/library/open/manifests/latest`);
    expect(await response.text()).toBe(registry.manifest);
    expect(response.headers.get("Docker-Content-Digest")).toBe(registry.manifestDigest);
    expect(response.headers.get("Cache-Control")).not.toContain("immutable");
  });

  it("marks a manifest by digest immutable", async () => {
    const response = await get(`/${registry.registryHost}/v2/library/open/manifests/${registry.manifestDigest}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
  });

  it("answers a CORS preflight", async () => {
    const response = await get(`/${registry.registryHost}/v2/`, {}, "OPTIONS");
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Headers")).toBe("Authorization, Accept, Range, Content-Type, Content-Range");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("maps docker.io to registry-1.docker.io", async () => {
    const seen: string[] = [];
    const offline = createRegistryProxy({
      allowRegistries: [],
      fetch: async (input) => {
        seen.push(String(input));
        return new Response("{}", { status: 200 });
      },
    });
    const response = await offline(new Request(`${proxyOrigin}/docker.io/v2/library/busybox/manifests/latest`));
    expect(response.status).toBe(200);
    expect(seen).toEqual(["https://registry-1.docker.io/v2/library/busybox/manifests/latest"]);
  });
});

describe("token flow", () => {
  it("rewrites the realm through the proxy and pulls with the token", async () => {
    const manifestPath = `/${registry.registryHost}/v2/private/app/manifests/latest`;
    const challenged = await get(manifestPath);
    expect(challenged.status).toBe(401);
    const challenge = challenged.headers.get("WWW-Authenticate") ?? "";
    const realm = /realm="([^"]*)"/.exec(challenge)?.[1] ?? "";
    expect(realm).toBe(`${proxyOrigin}/${registry.registryHost}/token`);
    expect(challenge).toContain('scope="repository:private/app:pull"');

    const tokenResponse = await proxy(
      new Request(`${realm}?service=fake&scope=repository:private/app:pull`, { headers: { Authorization: registry.basicCredentials } }),
    );
    expect(tokenResponse.status).toBe(200);
    const { token } = (await tokenResponse.json()) as { token: string };

    const pulled = await get(manifestPath, { Authorization: `Bearer ${token}` });
    expect(pulled.status).toBe(200);
    expect(await pulled.text()).toBe(registry.manifest);
  });

  it("leaves a realm on a host outside the allowlist alone", async () => {
    const offline = createRegistryProxy({
      allowRegistries: [],
      fetch: async () =>
        new Response(null, { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="https://auth.example.invalid/token",service="x"' } }),
    });
    const response = await offline(new Request(`${proxyOrigin}/ghcr.io/v2/`));
    expect(response.headers.get("WWW-Authenticate")).toBe('Bearer realm="https://auth.example.invalid/token",service="x"');
  });
});

describe("redirects", () => {
  it("follows a blob redirect server-side without passing Authorization to the blob host", async () => {
    registry.registrySeen.length = 0;
    registry.blobHostSeen.length = 0;
    const response = await get(`/${registry.registryHost}/v2/library/open/blobs/${registry.blobDigest}`, {
      Authorization: "Bearer registry-only",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Location")).toBeNull();
    expect(Buffer.from(await response.arrayBuffer())).toEqual(registry.blob);
    expect(response.headers.get("Cache-Control")).toContain("immutable");
    expect(registry.registrySeen.map((r) => r.authorization)).toEqual(["Bearer registry-only"]);
    expect(registry.blobHostSeen).toEqual([{ path: `/blobs/${registry.blobDigest}`, authorization: undefined }]);
  });

  it("refuses a redirect to a private address outside the allowlist", async () => {
    const response = await get(`/${registry.registryHost}/v2/library/open/blobs/${registry.strayBlobDigest}`);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("DENIED");
    expect(upstreamUrls).not.toContain("http://127.0.0.1:1/blobs/x");
  });

  it("passes Range through and answers 206", async () => {
    const response = await get(`/${registry.registryHost}/v2/library/open/blobs/${registry.blobDigest}`, { Range: "bytes=2-5" });
    expect(response.status).toBe(206);
    expect(response.headers.get("Content-Range")).toBe(`bytes 2-5/${registry.blob.length}`);
    expect(await response.text()).toBe("2345");
  });
});

describe("refusals", () => {
  it("refuses a host outside the allowlist with a registry error, without fetching", async () => {
    const before = upstreamUrls.length;
    const response = await get("/registry.example.invalid/v2/");
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe("DENIED");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(upstreamUrls.length).toBe(before);
  });

  it.each(["127.0.0.1:1", "10.0.0.1", "192.168.1.1", "[::1]:5000", "2130706433", "169.254.169.254"])(
    "refuses the unconfigured private address %s",
    async (host) => {
      const before = upstreamUrls.length;
      const response = await get(`/${host}/v2/`);
      expect(response.status).toBe(403);
      expect(await response.clone().text()).toContain("is a private address");
      expect(upstreamUrls.length).toBe(before);
    },
  );

  it("refuses an allowlisted name the DNS hook reports as private", async () => {
    let fetched = false;
    const guarded = createRegistryProxy({
      allowRegistries: [],
      isPrivateHostName: async (name) => name === "registry-1.docker.io",
      fetch: async () => {
        fetched = true;
        return new Response("{}");
      },
    });
    const response = await guarded(new Request(`${proxyOrigin}/docker.io/v2/`));
    expect(response.status).toBe(403);
    expect(fetched).toBe(false);
  });

  it("answers 405 to writes other than the registry API's uploads, without fetching", async () => {
    const before = upstreamUrls.length;
    for (const [method, path] of [
      ["DELETE", `/${registry.registryHost}/v2/library/open/manifests/latest`],
      ["POST", `/${registry.registryHost}/token?scope=x`],
      ["POST", `/${registry.registryHost}/v2/library/open/manifests/latest`],
      ["PATCH", `/${registry.registryHost}/v2/library/open/blobs/uploads/`],
      ["PUT", `/${registry.registryHost}/v2/library/open/blobs/sha256:${"0".repeat(64)}`],
    ] as const) {
      const response = await get(path, {}, method);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("Allow")).toBe("GET, HEAD, POST, PUT, PATCH, OPTIONS");
    }
    expect(upstreamUrls.length).toBe(before);
  });

  it("refuses an upload to a host outside the allowlist, without fetching", async () => {
    const before = upstreamUrls.length;
    const response = await proxy(new Request(`${proxyOrigin}/127.0.0.1:1/v2/x/blobs/uploads/`, { method: "POST" }));
    expect(response.status).toBe(403);
    expect(upstreamUrls.length).toBe(before);
  });

  it("refuses an upload whose announced size exceeds the cap", async () => {
    const capped = createRegistryProxy({ allowRegistries: [registry.registryHost], fetch: loopbackFetch, maxUploadBytes: 10 });
    const response = await capped(
      new Request(`${proxyOrigin}/${registry.registryHost}/v2/x/blobs/uploads/abc?digest=sha256:${"0".repeat(64)}`, {
        method: "PUT",
        body: new Uint8Array(11),
        headers: { "Content-Length": "11" },
      }),
    );
    expect(response.status).toBe(413);
  });

  it("answers 404 outside the registry and token paths", async () => {
    expect((await get(`/${registry.registryHost}/admin`)).status).toBe(404);
  });
});

describe("limits", () => {
  const limited = () =>
    createRegistryProxy({ allowRegistries: [registry.registryHost, registry.blobHost], fetch: loopbackFetch, maxBlobBytes: 1024 });

  it("refuses a blob whose Content-Length exceeds the cap", async () => {
    const response = await limited()(
      new Request(`${proxyOrigin}/${registry.registryHost}/v2/library/open/blobs/${registry.bigBlobDigest}`),
    );
    expect(response.status).toBe(413);
  });

  it("cuts off a blob without Content-Length once it passes the cap", async () => {
    const response = await limited()(
      new Request(`${proxyOrigin}/${registry.registryHost}/v2/library/open/blobs/${registry.chunkedBlobDigest}`),
    );
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow(/exceeds the proxy limit/);
  });

  it("answers 504 when the upstream does not answer in time", async () => {
    const impatient = createRegistryProxy({ allowRegistries: [registry.registryHost], fetch: loopbackFetch, timeoutMs: 200 });
    const response = await impatient(new Request(`${proxyOrigin}/${registry.registryHost}/v2/slow/manifests/latest`));
    expect(response.status).toBe(504);
  });

  it("streams the 5 MB blob intact", async () => {
    const response = await get(`/${registry.registryHost}/v2/library/open/blobs/${registry.bigBlobDigest}`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(`sha256:${createHash("sha256").update(body).digest("hex")}`).toBe(registry.bigBlobDigest);
  });
});
