import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRegistry, type FakeRegistry } from "./node-fake-registry.ts";
import { createRegistryProxyServer, registryProxyMiddleware } from "./node-registry-proxy.ts";

let registry: FakeRegistry;
const servers: Server[] = [];

async function serve(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  registry = await startFakeRegistry();
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await registry.close();
});

describe("node registry proxy", () => {
  it("streams a 5 MB blob over a real socket", async () => {
    const origin = await serve(createRegistryProxyServer({ allowRegistries: [registry.registryHost, registry.blobHost] }));
    const response = await fetch(`${origin}/${registry.registryHost}/v2/library/open/blobs/${registry.bigBlobDigest}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Length")).toBe(String(5 * 1024 * 1024));
    const reader = response.body!.getReader();
    const hash = createHash("sha256");
    let chunks = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      hash.update(read.value);
      chunks++;
    }
    expect(`sha256:${hash.digest("hex")}`).toBe(registry.bigBlobDigest);
    expect(chunks).toBeGreaterThan(1);
  });

  it("as middleware, handles its prefix, rewrites realms under it and passes other paths on", async () => {
    const middleware = registryProxyMiddleware({ basePath: "/registry", allowRegistries: [registry.registryHost] });
    const origin = await serve(
      createServer((req, res) => middleware(req, res, () => res.writeHead(418).end("next"))),
    );
    const challenged = await fetch(`${origin}/registry/${registry.registryHost}/v2/private/app/manifests/latest`);
    expect(challenged.status).toBe(401);
    expect(challenged.headers.get("WWW-Authenticate")).toContain(`realm="${origin}/registry/${registry.registryHost}/token"`);
    const other = await fetch(`${origin}/index.html`);
    expect(other.status).toBe(418);
  });
});
