// Real images in a real registry: builds the fixture images from Debian packages (cached after the
// first run), pushes them to Debian's docker-registry with berth's own push code, and reads them
// back through the registry proxy's fetch handler, directly and behind the fault-injecting front.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistryProxy } from "../../src/proxy/registry-proxy.ts";
import { sha256Digest } from "../../worker/digest.ts";
import { nodeFileReader } from "../../worker/images/node-file-reader.ts";
import { MediaType, type ImageConfig, type ImageIndex, type ImageManifest } from "../../worker/images/oci-types.ts";
import { pushLayout } from "../../worker/remotes/registry-push.ts";
import type { Retry } from "../../worker/remotes/retry.ts";
import { ensureFixtures, type FixtureSet } from "../fixtures/build-fixtures.ts";
import { startFaultRegistry, type FaultRegistry } from "../registry/fault-registry.ts";
import { startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures, type PushedFixtures } from "../registry/push-fixtures.ts";

const MANIFEST_ACCEPT = [MediaType.DockerManifest, MediaType.DockerManifestList, MediaType.ImageManifest, MediaType.ImageIndex].join(", ");

let fixtures: FixtureSet;
let registry: LocalRegistry;
let faults: FaultRegistry;
let pushed: PushedFixtures;
let proxy: (request: Request) => Promise<Response>;

/** A GET (or HEAD) through the registry proxy to `/<host>/v2/<path>`. */
function viaProxy(host: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return proxy(new Request(`http://berth.test/${host}/v2/${path}`, init));
}

function layoutBlob(layout: string, digest: string): Uint8Array {
  return new Uint8Array(readFileSync(join(layout, "blobs", "sha256", digest.slice("sha256:".length))));
}

function layoutJson<T>(layout: string, digest: string): T {
  return JSON.parse(new TextDecoder().decode(layoutBlob(layout, digest))) as T;
}

/** The manifest a layout tags `tag`. */
function taggedManifest(layout: string, tag: string): ImageManifest {
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as ImageIndex;
  const entry = index.manifests.find((descriptor) => descriptor.annotations?.["org.opencontainers.image.ref.name"] === tag);
  return layoutJson<ImageManifest>(layout, entry!.digest);
}

async function manifestThroughProxy<T>(host: string, repository: string, reference: string): Promise<{ response: Response; body: Uint8Array; document: T }> {
  const response = await viaProxy(host, `${repository}/manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
  expect(response.status).toBe(200);
  const body = new Uint8Array(await response.arrayBuffer());
  return { response, body, document: JSON.parse(new TextDecoder().decode(body)) as T };
}

/** Reads a body until it ends or breaks; the bytes that arrived. */
async function readUntilBroken(body: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; broken: boolean }> {
  const chunks: Uint8Array[] = [];
  let broken = false;
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  } catch {
    broken = true;
  }
  return { bytes: new Uint8Array(Buffer.concat(chunks)), broken };
}

beforeAll(async () => {
  fixtures = await ensureFixtures();
}, 300_000);

beforeAll(async () => {
  registry = await startLocalRegistry();
  pushed = await pushFixtures(registry.url, fixtures);
  faults = await startFaultRegistry(registry.url);
  proxy = createRegistryProxy({ allowRegistries: [registry.host, faults.host] });
}, 120_000);

afterAll(async () => {
  await faults?.stop();
  await registry?.close();
});

describe("fixture images", () => {
  it("debian is one gzip layer keeping setuid modes, owners, hardlinks, symlinks and device nodes", () => {
    const { layout } = fixtures.images.debian;
    const manifest = taggedManifest(layout, "latest");
    expect(manifest.mediaType).toBe(MediaType.DockerManifest);
    expect(manifest.config.mediaType).toBe(MediaType.DockerConfig);
    expect(manifest.layers.map((layer) => layer.mediaType)).toEqual([MediaType.DockerLayerGzip]);
    const config = layoutJson<ImageConfig>(layout, manifest.config.digest);
    expect(config).toMatchObject({ architecture: "386", os: "linux", created: "2024-01-01T00:00:00Z", config: { Cmd: ["bash"] } });

    const layerFile = join(layout, "blobs", "sha256", manifest.layers[0]!.digest.slice("sha256:".length));
    const listing = execFileSync("tar", ["--numeric-owner", "--utc", "-tvzf", layerFile], { encoding: "utf8", maxBuffer: 64 * 1024 ** 2 });
    expect(listing).toMatch(/^-rwsr-xr-x 0\/0 .* \.\/usr\/bin\/passwd$/m);
    expect(listing).toMatch(/^-rw-r----- 0\/42 .* \.\/etc\/shadow$/m);
    expect(listing).toMatch(/^crw-rw-rw- 0\/0 +1,3 .* \.\/dev\/null$/m);
    expect(listing).toMatch(/^lrwxrwxrwx 0\/0 .* \.\/bin -> usr\/bin$/m);
    expect(listing).toMatch(/^h.* link to \.\/usr\/bin\//m);
    expect(listing).toMatch(/ \.\/etc\/debian_version$/m);
    expect(listing).not.toMatch(/\.\/var\/lib\/apt\/lists\/.|\.deb$/m);
    expect(listing.split("\n").filter((line) => line !== "" && !line.includes(" 2024-01-01 00:00 "))).toEqual([]);
  });

  it("busybox variants say which architecture they are", () => {
    const archOf = (repository: "busybox" | "amd64only", tag: string) => {
      const { layout } = fixtures.images[repository];
      const layer = layoutBlob(layout, taggedManifest(layout, tag).layers[0]!.digest);
      return execFileSync("tar", ["-xzOf", "-", "etc/fixture-arch"], { input: layer, encoding: "utf8" });
    };
    expect(archOf("busybox", "latest")).toBe("386\n");
    expect(archOf("amd64only", "manifest")).toBe("amd64\n");
  });
  it("redis, nginx, dnsmasq, postgres and python3 are a slim layer on the debian base, configured as the official images run them", () => {
    const debianLayer = taggedManifest(fixtures.images.debian.layout, "latest").layers[0]!;
    const server = (repository: "redis" | "nginx" | "dnsmasq" | "postgres" | "python3", mostBytes = 8 * 1024 ** 2) => {
      const { layout } = fixtures.images[repository];
      const manifest = taggedManifest(layout, "latest");
      expect(manifest.mediaType).toBe(MediaType.DockerManifest);
      expect(manifest.layers).toHaveLength(2);
      expect(manifest.layers[0]).toEqual(debianLayer);
      expect(manifest.layers[1]!.size).toBeLessThan(mostBytes);
      const layer = layoutBlob(layout, manifest.layers[1]!.digest);
      const listing = execFileSync("tar", ["--numeric-owner", "-tvzf", "-"], { input: layer, encoding: "utf8", maxBuffer: 64 * 1024 ** 2 });
      const read = (path: string) => execFileSync("tar", ["-xzOf", "-", path], { input: layer, encoding: "utf8" });
      return { config: layoutJson<ImageConfig>(layout, manifest.config.digest).config, listing, read };
    };

    const redis = server("redis");
    expect(redis.config).toEqual({
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Cmd: ["redis-server", "--protected-mode", "no"],
      ExposedPorts: { "6379/tcp": {} },
      WorkingDir: "/data",
    });
    expect(redis.listing).toMatch(/ usr\/bin\/redis-server -> redis-check-rdb$/m);
    expect(redis.listing).toMatch(/^-rwxr-xr-x .* usr\/bin\/redis-cli$/m);
    expect(redis.listing).toMatch(/^drwxr-xr-x 0\/0 .* data\/$/m);

    const nginx = server("nginx");
    expect(nginx.config).toEqual({
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Cmd: ["nginx", "-g", "daemon off;"],
      ExposedPorts: { "80/tcp": {} },
      StopSignal: "SIGQUIT",
    });
    expect(nginx.listing).toMatch(/ var\/log\/nginx\/access\.log -> \/dev\/stdout$/m);
    expect(nginx.listing).toMatch(/ var\/log\/nginx\/error\.log -> \/dev\/stderr$/m);
    expect(nginx.listing).toMatch(/ var\/www\/html\/index\.nginx-debian\.html$/m);
    expect(nginx.listing).not.toMatch(/usr\/share\/doc\/./);
    // Debian's stock site, unchanged: it listens on IPv6 too.
    expect(nginx.read("etc/nginx/sites-available/default")).toMatch(/^\tlisten \[::\]:80 default_server;$/m);

    const dnsmasq = server("dnsmasq");
    expect(dnsmasq.config).toEqual({
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      Cmd: ["dnsmasq", "--no-daemon"],
      ExposedPorts: { "53/tcp": {}, "53/udp": {} },
    });
    expect(dnsmasq.listing).toMatch(/^-rwxr-xr-x .* usr\/sbin\/dnsmasq$/m);

    // Without LLVM's JIT libraries and the locale sources (they would double it).
    const postgres = server("postgres", 48 * 1024 ** 2);
    expect(postgres.config).toEqual({
      Env: ["PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "PGDATA=/var/lib/postgresql/data"],
      Entrypoint: ["postgres-entrypoint"],
      Cmd: ["postgres"],
      User: "postgres",
      ExposedPorts: { "5432/tcp": {} },
      StopSignal: "SIGINT",
    });
    expect(postgres.listing).toMatch(/^-rwxr-xr-x 0\/0 .* usr\/local\/bin\/postgres-entrypoint$/m);
    expect(postgres.listing).toMatch(/^drwx------ (\d+)\/\d+ .* var\/lib\/postgresql\/data\/$/m);
    expect(postgres.listing).toMatch(/^-rwxr-xr-x .* usr\/lib\/postgresql\/15\/bin\/initdb$/m);
    expect(postgres.listing).not.toMatch(/ usr\/lib\/\S*(libLLVM|llvmjit|libz3)|usr\/share\/i18n\/|var\/lib\/postgresql\/15\//);
    expect(postgres.read("usr/local/bin/postgres-entrypoint")).toContain('initdb -D "$PGDATA"');

    const python = server("python3");
    expect(python.config).toEqual({ Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["python3"] });
    expect(python.listing).toMatch(/ usr\/bin\/python3 -> python3\.11$/m);
    // Compiled by the package's postinst, so the interpreter starts without writing bytecode.
    expect(python.listing).toMatch(/ usr\/lib\/python3\.11\/__pycache__\/site\.cpython-311\.pyc$/m);
  });
});

describe("the local registry through the proxy", () => {
  it("serves debian:latest as a Docker manifest whose digest is its sha256 and the pushed one", async () => {
    const { response, body, document } = await manifestThroughProxy<ImageManifest>(registry.host, "debian", "latest");
    expect(response.headers.get("Content-Type")).toBe(MediaType.DockerManifest);
    const digest = await sha256Digest(body);
    expect(response.headers.get("Docker-Content-Digest")).toBe(digest);
    expect(digest).toBe(pushed.get("debian:latest")!.digest);
    expect(pushed.get("debian:bookworm")!.digest).toBe(digest);
    expect(document.layers).toHaveLength(1);
  });

  it("serves the debian layer blob, verifiable against the digest it is addressed by", async () => {
    const layer = taggedManifest(fixtures.images.debian.layout, "latest").layers[0]!;
    const response = await viaProxy(registry.host, `debian/blobs/${layer.digest}`);
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.length).toBe(layer.size);
    expect(await sha256Digest(body)).toBe(layer.digest);
  });

  it("serves multiarch as an OCI index with linux/386 and linux/amd64", async () => {
    const { response, document } = await manifestThroughProxy<ImageIndex>(registry.host, "multiarch", "latest");
    expect(response.headers.get("Content-Type")).toBe(MediaType.ImageIndex);
    expect(document.manifests.map((entry) => `${entry.platform?.os}/${entry.platform?.architecture}`).sort()).toEqual(["linux/386", "linux/amd64"]);
  });

  it("serves amd64only as an amd64-only index, and its manifest tag as that bare manifest", async () => {
    const index = await manifestThroughProxy<ImageIndex>(registry.host, "amd64only", "latest");
    expect(index.document.manifests.map((entry) => entry.platform)).toEqual([{ architecture: "amd64", os: "linux" }]);
    const bare = await manifestThroughProxy<ImageManifest>(registry.host, "amd64only", "manifest");
    expect(bare.response.headers.get("Content-Type")).toBe(MediaType.ImageManifest);
    expect(await sha256Digest(bare.body)).toBe(index.document.manifests[0]!.digest);
  });

  it("resolves every pushed tag to the pushed digest and media type", async () => {
    expect([...pushed.keys()].sort()).toEqual([
      "amd64only:latest", "amd64only:manifest", "broken/truncated-gzip:latest", "busybox:latest", "debian:bookworm",
      "debian:latest", "dnsmasq:latest", "gcc:latest", "hostile/dotdot:latest", "hostile/symlink:latest", "hostile/symlink:split",
      "multiarch:latest", "nginx:latest", "postgres:latest", "python3:latest", "redis:latest", "whiteout:latest", "zstd:latest",
    ]);
    for (const [reference, descriptor] of pushed) {
      const [repository, tag] = reference.split(":") as [string, string];
      const response = await viaProxy(registry.host, `${repository}/manifests/${tag}`, { method: "HEAD", headers: { Accept: MANIFEST_ACCEPT } });
      expect([reference, response.headers.get("Docker-Content-Digest"), response.headers.get("Content-Type")]).toEqual([
        reference, descriptor.digest, descriptor.mediaType,
      ]);
    }
  });

  it("keeps the zstd layer's media type and content", async () => {
    const { document } = await manifestThroughProxy<ImageManifest>(registry.host, "zstd", "latest");
    expect(document.layers.map((layer) => layer.mediaType)).toEqual([MediaType.LayerZstd, MediaType.Layer]);
    const config = layoutJson<ImageConfig>(fixtures.images.zstd.layout, document.config.digest);
    const blob = new Uint8Array(await (await viaProxy(registry.host, `zstd/blobs/${document.layers[0]!.digest}`)).arrayBuffer());
    const tar = new Uint8Array(execFileSync("zstd", ["-dc"], { input: blob, maxBuffer: 64 * 1024 ** 2 }));
    expect(await sha256Digest(tar)).toBe(config.rootfs.diff_ids[0]);
  });

  it("serves the truncated gzip layer intact, and it does not decompress", async () => {
    const { document } = await manifestThroughProxy<ImageManifest>(registry.host, "broken/truncated-gzip", "latest");
    const layer = document.layers[1]!;
    const blob = new Uint8Array(await (await viaProxy(registry.host, `broken/truncated-gzip/blobs/${layer.digest}`)).arrayBuffer());
    expect(await sha256Digest(blob)).toBe(layer.digest);
    expect(() => gunzipSync(blob)).toThrow(/unexpected end of file/);
  });

  it("keeps its images across a restart on the same port", async () => {
    await registry.stop();
    expect((await viaProxy(registry.host, "busybox/manifests/latest", { method: "HEAD" })).status).toBe(502);
    await registry.start();
    const response = await viaProxy(registry.host, "busybox/manifests/latest", { method: "HEAD", headers: { Accept: MANIFEST_ACCEPT } });
    expect(response.headers.get("Docker-Content-Digest")).toBe(pushed.get("busybox:latest")!.digest);
  });
});

describe("berth's push code", () => {
  it("uploads only missing blobs and follows a relative upload Location", async () => {
    const layout = nodeFileReader(fixtures.images.busybox.layout);
    const push = () => pushLayout({ registry: faults.url, repository: "copy/busybox", tag: "latest", layout });
    const uploads = () => faults.stats.requests.get("/v2/copy/busybox/blobs/uploads/") ?? 0;
    expect((await push()).digest).toBe(pushed.get("busybox:latest")!.digest);
    expect(uploads()).toBe(2); // config and layer
    await push();
    expect(uploads()).toBe(2);
  });

  it("names the registry's status and error message when the registry refuses", async () => {
    const source = fixtures.images.busybox.layout;
    const manifest = { ...taggedManifest(source, "latest"), schemaVersion: 3 };
    const bytes = new TextEncoder().encode(JSON.stringify(manifest));
    const digest = await sha256Digest(bytes);
    const index = { schemaVersion: 2, manifests: [{ mediaType: MediaType.ImageManifest, digest, size: bytes.length }] };
    const files = new Map([["index.json", new TextEncoder().encode(JSON.stringify(index))], [`blobs/sha256/${digest.slice(7)}`, bytes]]);
    const layout = async (path: string) => files.get(path) ?? new Uint8Array(readFileSync(join(source, path)));
    const once: Retry = (attempt) => attempt();
    // distribution 2.8 answers an unknown schema version with a 500 and a registry error body,
    // which Docker's push prints as "<code text>: <message>".
    await expect(pushLayout({ registry: registry.url, repository: "invalid", tag: "latest", layout, retry: once })).rejects.toThrow(/^unknown: unknown error$/);
  });
});

describe("the fault registry", () => {
  it("flips one byte of every blob under corrupt/, keeping the length, and leaves manifests alone", async () => {
    const layer = taggedManifest(fixtures.images.busybox.layout, "latest").layers[0]!;
    const original = layoutBlob(fixtures.images.busybox.layout, layer.digest);
    const response = await viaProxy(faults.host, `corrupt/busybox/blobs/${layer.digest}`);
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.length).toBe(original.length);
    expect(body.filter((byte, offset) => byte !== original[offset])).toHaveLength(1);
    expect(await sha256Digest(body)).not.toBe(layer.digest);

    const { body: manifest } = await manifestThroughProxy<ImageManifest>(faults.host, "corrupt/busybox", "latest");
    expect(await sha256Digest(manifest)).toBe(pushed.get("busybox:latest")!.digest);
  });

  it("drops the first blob download under flaky/ halfway, and a Range request resumes it", async () => {
    const layer = taggedManifest(fixtures.images.busybox.layout, "latest").layers[0]!;
    const path = `/v2/flaky/busybox/blobs/${layer.digest}`;
    const first = await viaProxy(faults.host, `flaky/busybox/blobs/${layer.digest}`);
    expect(first.status).toBe(200);
    const head = await readUntilBroken(first.body!);
    expect(head.broken).toBe(true);
    expect(head.bytes.length).toBeGreaterThan(0);
    expect(head.bytes.length).toBeLessThan(layer.size);

    const rest = await viaProxy(faults.host, `flaky/busybox/blobs/${layer.digest}`, { headers: { Range: `bytes=${head.bytes.length}-` } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("Content-Range")).toBe(`bytes ${head.bytes.length}-${layer.size - 1}/${layer.size}`);
    const whole = new Uint8Array(Buffer.concat([head.bytes, new Uint8Array(await rest.arrayBuffer())]));
    expect(await sha256Digest(whole)).toBe(layer.digest);
    expect(faults.stats.requests.get(path)).toBe(2);
    expect(faults.stats.rangeRequests.get(path)).toBe(1);
  });
});
