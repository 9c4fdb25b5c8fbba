// `docker push` throughput: the engine's push path (RegistryPusher over upload sessions, chunked
// PATCHes, from a content store on disk) sending the Debian fixture image to Debian's
// docker-registry on loopback, beside curl uploading the same blobs to the same registry as single
// monolithic PUTs (POST for a session, one PUT ?digest=). Each run uses a fresh repository, so no
// blob is skipped as already there. Runs by itself too: `node --import tsx test/bench/push-figures.ts`.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NodeFsContentStore } from "../../worker/content/node-fs-content-store.ts";
import { EventBus } from "../../worker/events/event-bus.ts";
import { ImageEvents } from "../../worker/images/image-events.ts";
import { PersistedImageStore } from "../../worker/images/image-store.ts";
import { pushImage } from "../../worker/images/push-image.ts";
import { MemoryRecordStore } from "../../worker/metadata/memory-record-store.ts";
import { RegistryClient } from "../../worker/remotes/registry-client.ts";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { storeLayoutImage } from "../registry/stored-image.ts";

export interface PushFigures {
  /** Bytes of the blobs pushed (config and layers). */
  bytes: number;
  berthMs: number[];
  curlMs: number[];
}

export async function measurePush(registry: LocalRegistry, runs: number): Promise<PushFigures> {
  const fixtures = await ensureFixtures();
  const scratch = mkdtempSync(join(tmpdir(), "berth-bench-push-"));
  try {
    const content = new NodeFsContentStore(join(scratch, "content"));
    const images = new PersistedImageStore(new MemoryRecordStore());
    const image = await storeLayoutImage(content, images, fixtures.images.debian.layout, `${registry.host}/bench/debian:latest`);
    const blobs = [image.id, ...image.layers.map((layer) => layer.digest)];
    const bytes = image.layers.reduce((sum, layer) => sum + layer.size, 0) + (await content.info(image.id))!.size;
    const client = new RegistryClient({ endpointFor: () => registry.url });
    const deps = {
      images,
      content,
      pusher: client.pusher.bind(client),
      storedLogin: async () => undefined,
      events: new ImageEvents(new EventBus(), images),
    };
    const berthMs: number[] = [];
    const curlMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      await images.tag(image.id, `${registry.host}/bench/berth-${run}:latest`);
      let started = performance.now();
      await pushImage(deps, { name: `${registry.host}/bench/berth-${run}`, tag: "latest" }, { report: () => undefined });
      berthMs.push(performance.now() - started);
      // Forget where it was pushed, or the next run would mount the blobs from there.
      for (const repoDigest of images.get(image.id)!.repoDigests) await images.untag(repoDigest);

      started = performance.now();
      for (const digest of blobs) curlUpload(registry.url, `bench/curl-${run}`, digest, join(scratch, "content"));
      curlMs.push(performance.now() - started);
    }
    return { bytes, berthMs, curlMs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One blob with curl: POST opens the session, one PUT with the whole file closes it. */
function curlUpload(registryUrl: string, repository: string, digest: string, contentRoot: string): void {
  const headers = execFileSync("curl", ["-sS", "-o", "/dev/null", "-D", "-", "-X", "POST", `${registryUrl}/v2/${repository}/blobs/uploads/`], { encoding: "utf8" });
  const location = /^location:\s*(\S+)/im.exec(headers)?.[1];
  if (!location) throw new Error(`no upload Location from the registry: ${headers}`);
  const target = new URL(location, registryUrl);
  target.searchParams.set("digest", digest);
  const file = blobFile(contentRoot, digest);
  const status = execFileSync(
    "curl",
    ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-H", "Content-Type: application/octet-stream", "-H", "Expect:", "--data-binary", `@${file}`, target.href],
    { encoding: "utf8" },
  );
  if (status !== "201") throw new Error(`curl's PUT of ${digest} answered ${status}`);
}

/** Where the filesystem content store keeps a committed blob. */
function blobFile(contentRoot: string, digest: string): string {
  return join(contentRoot, "blobs", "sha256", digest.slice("sha256:".length));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const registry = await startLocalRegistry();
  try {
    const figures = await measurePush(registry, Number(process.env.BERTH_BENCH_RUNS ?? 3));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const rate = (ms: number) => `${(figures.bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
    console.log(`push of ${(figures.bytes / 1e6).toFixed(2)} MB: berth ${rate(median(figures.berthMs))}, curl ${rate(median(figures.curlMs))}`);
    console.log(JSON.stringify(figures));
  } finally {
    await registry.close();
  }
}
