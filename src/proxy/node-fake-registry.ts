// Test fixture: a tiny registry and a separate blob host on loopback ports, recording what they receive.

import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  path: string;
  authorization: string | undefined;
}

export interface FakeRegistry {
  registryHost: string;
  blobHost: string;
  manifest: string;
  manifestDigest: string;
  blob: Buffer;
  blobDigest: string;
  bigBlob: Buffer;
  bigBlobDigest: string;
  /** Served by the registry itself without a Content-Length. */
  chunkedBlobDigest: string;
  /** Redirects to a loopback port nobody configured. */
  strayBlobDigest: string;
  token: string;
  basicCredentials: string;
  registrySeen: SeenRequest[];
  blobHostSeen: SeenRequest[];
  close(): Promise<void>;
}

const sha256 = (data: Buffer | string) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json" });
  const blob = Buffer.from("0123456789abcdefghijklmnopqrstuvwxyz");
  const bigBlob = Buffer.alloc(5 * 1024 * 1024, 0);
  for (let i = 0; i < bigBlob.length; i++) bigBlob[i] = (i * 7919) & 0xff;
  const blobs = new Map([
    [sha256(blob), blob],
    [sha256(bigBlob), bigBlob],
  ]);
  const chunkedBlob = Buffer.alloc(64 * 1024, 1);
  const fake = {
    manifest,
    manifestDigest: sha256(manifest),
    blob,
    blobDigest: sha256(blob),
    bigBlob,
    bigBlobDigest: sha256(bigBlob),
    chunkedBlobDigest: sha256(chunkedBlob),
    strayBlobDigest: sha256("stray"),
    token: "secret-token",
    basicCredentials: `Basic ${Buffer.from("user:pass").toString("base64")}`,
    registrySeen: [] as SeenRequest[],
    blobHostSeen: [] as SeenRequest[],
  };

  const blobServer = await listen((req, res) => {
    fake.blobHostSeen.push(seen(req));
    const data = blobs.get((req.url ?? "").replace("/blobs/", ""));
    if (!data) return void res.writeHead(404).end();
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    if (range) {
      const [start, end] = [Number(range[1]), Number(range[2])];
      res.writeHead(206, { "Content-Range": `bytes ${start}-${end}/${data.length}`, "Content-Length": end - start + 1 });
      return void res.end(data.subarray(start, end + 1));
    }
    res.writeHead(200, { "Content-Length": data.length, "Content-Type": "application/octet-stream" });
    res.end(data);
  });
  const blobHost = `127.0.0.1:${port(blobServer)}`;

  const registryServer = await listen((req, res) => {
    fake.registrySeen.push(seen(req));
    const url = new URL(req.url ?? "/", "http://registry");
    const registryHost = `127.0.0.1:${port(registryServer)}`;
    const path = url.pathname;
    if (path === "/v2/") {
      res.writeHead(200, { "Docker-Distribution-Api-Version": "registry/2.0", "Content-Type": "application/json" });
      return void res.end("{}");
    }
    if (path === "/token") {
      if (req.headers.authorization !== fake.basicCredentials || !url.searchParams.get("scope")) return void res.writeHead(401).end();
      res.writeHead(200, { "Content-Type": "application/json" });
      return void res.end(JSON.stringify({ token: fake.token }));
    }
    if (path === "/v2/slow/manifests/latest") return; // never answers
    if (path === "/v2/private/app/manifests/latest" && req.headers.authorization !== `Bearer ${fake.token}`) {
      res.writeHead(401, {
        "WWW-Authenticate": `Bearer realm="http://${registryHost}/token",service="fake",scope="repository:private/app:pull"`,
        "Content-Type": "application/json",
      });
      return void res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "token required" }] }));
    }
    const manifestMatch = /^\/v2\/(library\/open|private\/app)\/manifests\/(latest|sha256:\w+)$/.exec(path);
    if (manifestMatch && (manifestMatch[2] === "latest" || manifestMatch[2] === fake.manifestDigest)) {
      res.writeHead(200, {
        "Content-Type": "application/vnd.oci.image.manifest.v1+json",
        "Docker-Content-Digest": fake.manifestDigest,
        "Content-Length": Buffer.byteLength(manifest),
      });
      return void res.end(manifest);
    }
    const digest = /^\/v2\/library\/open\/blobs\/(sha256:\w+)$/.exec(path)?.[1];
    if (digest === fake.chunkedBlobDigest) {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      return void res.end(chunkedBlob);
    }
    if (digest === fake.strayBlobDigest) return void res.writeHead(307, { Location: "http://127.0.0.1:1/blobs/x" }).end();
    if (digest && blobs.has(digest)) return void res.writeHead(307, { Location: `http://${blobHost}/blobs/${digest}` }).end();
    res.writeHead(404).end();
  });

  return {
    ...fake,
    registryHost: `127.0.0.1:${port(registryServer)}`,
    blobHost,
    async close() {
      registryServer.closeAllConnections();
      blobServer.closeAllConnections();
      await Promise.all([once(registryServer.close(), "close"), once(blobServer.close(), "close")]);
    },
  };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function seen(req: IncomingMessage): SeenRequest {
  return { path: req.url ?? "", authorization: req.headers.authorization };
}
