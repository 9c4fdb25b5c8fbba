// Pulling real images through the registry proxy, typed into the page as a person would: Debian's
// docker-registry on loopback serves our fixture images (built from Debian packages and pushed with
// our own push code); a fault-injecting front corrupts and drops blobs on purpose.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startFaultRegistry } from "../registry/fault-registry.ts";
import { startLocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import type { RunningApp } from "./app-server.ts";
import { inSmallProfile, openAppPage, reloadUntilReady } from "./page-session.ts";
import { storedContent } from "./content-inspection.ts";
import { runCommand } from "./terminal-driver.ts";

type Started<T extends (...args: never[]) => unknown> = Awaited<ReturnType<T>>;

let registry: Started<typeof startLocalRegistry>;
let faults: Started<typeof startFaultRegistry>;
let app: RunningApp;
let browser: BrowserContext;
let page: Page;
let local: string;
let faulty: string;

const pullTimeoutMs = 300_000;
const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);
/** The output with the terminal's line wrapping undone (long messages span several rows). */
const unwrapped = (output: string) => output.replace(/\n/g, "");
const lines = (output: string) => output.split("\n").map((line) => line.trim());

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  registry = await startLocalRegistry();
  await pushFixtures(registry.url, fixtures);
  faults = await startFaultRegistry(registry.url);
  local = registry.host;
  faulty = faults.host;
  process.env.BERTH_ALLOW_REGISTRIES = `${registry.host},${faults.host}`;
  ({ app, browser, page } = await openAppPage());
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await faults?.stop();
  await registry?.close();
});

describe("pulling through the registry proxy", () => {
  it("resumes a blob whose connection dropped halfway, and runs the image", async () => {
    const output = await run(`docker pull ${faulty}/flaky/busybox`, pullTimeoutMs);
    expect(output).toContain("Pull complete");
    expect(output).toMatch(/Status: Downloaded newer image for 127\.0\.0\.1:\d+\/flaky\/busybox:latest/);
    expect([...faults.stats.rangeRequests.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(lines(await run(`docker run --rm ${faulty}/flaky/busybox echo resumed`))).toContain("resumed");
  });

  it("pulls Debian with Docker's progress lines", async () => {
    const output = await run(`docker pull ${local}/debian`, pullTimeoutMs);
    expect(output).toContain("Using default tag: latest");
    expect(output).toContain("latest: Pulling from debian");
    expect(output).toMatch(/[0-9a-f]{12}: Pull complete/);
    expect(output).toMatch(/Digest: sha256:[0-9a-f]{64}/);
    expect(output).toMatch(/Status: Downloaded newer image for 127\.0\.0\.1:\d+\/debian:latest/);
    expect(output).toMatch(/127\.0\.0\.1:\d+\/debian:latest/);
  });

  it("runs Debian: its version file and a setuid binary", async () => {
    const version = await run(`docker run --rm ${local}/debian cat /etc/debian_version`);
    expect(lines(version).some((line) => /^12\.\d+$/.test(line))).toBe(true);
    const passwd = await run(`docker run --rm ${local}/debian ls -l /usr/bin/passwd`);
    expect(passwd).toMatch(/-rwsr-xr-x\s+1 root\s+root\s+\d+ .* \/usr\/bin\/passwd/);
  });

  it("says the image is up to date when pulled again", async () => {
    const output = await run(`docker pull ${local}/debian`);
    expect(output).toMatch(/Status: Image is up to date for 127\.0\.0\.1:\d+\/debian:latest/);
  });

  it("keeps pulled images across a reload", async () => {
    await reloadUntilReady(page);
    const output = await run("docker images");
    expect(output).toMatch(/127\.0\.0\.1:\d+\/debian\s+latest\s+[0-9a-f]{12}\s/);
  });

  it("runs a cached image with the registry stopped", async () => {
    await registry.stop();
    try {
      const output = await run(`docker run --rm ${local}/debian true`);
      expect(output).not.toContain("exit status");
      expect(output).not.toContain("Error");
    } finally {
      await registry.start();
    }
  });

  it("pulls an image implicitly on run", async () => {
    const output = await run(`docker run --rm ${local}/zstd cat /etc/fixture-zstd`, pullTimeoutMs);
    expect(output).toMatch(/Unable to find image '127\.0\.0\.1:\d+\/zstd:latest' locally/);
    expect(output).toContain("Pull complete");
    expect(output).not.toContain("exit status");
  });

  it("selects the linux/386 variant of a multi-platform image", async () => {
    const output = await run(`docker run --rm ${local}/multiarch cat /etc/fixture-arch`, pullTimeoutMs);
    expect(lines(output)).toContain("386");
  });

  it("explains why an image without a linux/386 variant cannot run", async () => {
    const output = await run(`docker pull ${local}/amd64only`);
    expect(output).toContain("Error response from daemon: no matching manifest for linux/386 in the manifest list entries");
    expect(output).toContain("linux/amd64");
    expect(output).toMatch(/i686|32-bit x86/);
    expect(output).toContain("exit status 1");
  });

  it("applies whiteouts and opaque directories", async () => {
    const output = await run(`docker run --rm ${local}/whiteout sh -c 'ls -A /data; echo --; ls -A /opaque'`, pullTimeoutMs);
    const [data, opaque] = output.split("--");
    expect(lines(data ?? "")).toContain("keep.txt");
    expect(data).not.toContain("removed.txt");
    expect(lines(opaque ?? "")).toContain("new.txt");
    expect(opaque).not.toContain("old-a");
    expect(opaque).not.toContain("old-b");
  });
});

describe("managing pulled images", () => {
  const imageId = (images: string, repository: RegExp) => new RegExp(`${repository.source}\\s+\\S+\\s+([0-9a-f]{12})`).exec(images)?.[1];

  it("tags, inspects and shows the history of an image", async () => {
    expect(await run(`docker tag ${local}/debian mydebian:1`)).not.toContain("Error");
    const images = await run("docker images");
    expect(imageId(images, /mydebian/)).toBeDefined();
    expect(imageId(images, /mydebian/)).toBe(imageId(images, /127\.0\.0\.1:\d+\/debian/));
    expect(lines(await run("docker image inspect -f '{{.Os}}/{{.Architecture}}' mydebian:1"))).toContain("linux/386");
    const history = await run("docker history mydebian:1");
    expect(history).toMatch(/IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT/);
    expect(history).toMatch(/[0-9a-f]{12}\s+.*\s[\d.]+MB/);
    expect(lines(await run("docker rmi mydebian:1"))).toEqual(expect.arrayContaining(["Untagged: mydebian:1"]));
    expect(await run("docker images")).not.toContain("mydebian");
  });

  it("removes an image but keeps the layers another image shares", async () => {
    const output = await run(`docker rmi ${local}/whiteout`);
    expect(output).toMatch(/Untagged: 127\.0\.0\.1:\d+\/whiteout:latest/);
    expect(output).toMatch(/Deleted: sha256:[0-9a-f]{64}/);
    await reloadUntilReady(page);
    expect(await run("docker images")).not.toContain("/whiteout");
    expect(lines(await run(`docker run --rm ${local}/multiarch cat /etc/fixture-arch`))).toContain("386");
  });

  it("refuses to remove an image a container uses unless forced, then prunes it", async () => {
    await run(`docker run --name keeper ${local}/zstd true`);
    const refused = unwrapped(await run(`docker rmi ${local}/zstd`));
    expect(refused).toMatch(/conflict: unable to remove repository reference .* \(must force\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}/);
    expect(await run(`docker rmi -f ${local}/zstd`)).toMatch(/Untagged: 127\.0\.0\.1:\d+\/zstd:latest/);
    expect(await run("docker images")).toMatch(/<none>\s+<none>\s+[0-9a-f]{12}/);
    await run("docker rm keeper");
    const pruned = await run("docker image prune -f");
    expect(pruned).toContain("Deleted Images:");
    expect(pruned).toMatch(/Total reclaimed space: [\d.]+[kMG]?B/);
    expect(await run("docker images")).not.toContain("<none>");
    const usage = await run("docker system df");
    expect(usage).toMatch(/TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE/);
    expect(usage).toMatch(/Images\s+\d+\s+\d+\s+[\d.]+[kMG]?B/);
  });
});

describe("bad input and faults", () => {
  const expectNothingCached = async (repository: string) => {
    const stored = await storedContent(page);
    expect(stored.ingests).toEqual([]);
    expect(stored.orphanChunks).toBe(0);
    expect(await run("docker images")).not.toContain(repository);
  };

  const expectEngineStillRuns = async () => {
    expect(lines(await run("docker run --rm busybox echo still-alive"))).toContain("still-alive");
  };

  it("reports an unknown repository", async () => {
    // Docker's wording for a registry that answers MANIFEST_UNKNOWN for repositories it lacks.
    const output = await run(`docker pull ${local}/no-such-repo`);
    expect(output).toMatch(/Error response from daemon: manifest for 127\.0\.0\.1:\d+\/no-such-repo:latest not found: manifest unknown/);
    expect(output).toContain("exit status 1");
  });

  it("reports an unknown tag", async () => {
    const output = await run(`docker pull ${local}/debian:no-such-tag`);
    expect(output).toMatch(/Error response from daemon: manifest for 127\.0\.0\.1:\d+\/debian:no-such-tag not found: manifest unknown/);
  });

  it("rejects a blob whose bytes do not match its digest", async () => {
    const before = await storedContent(page);
    const output = await run(`docker pull ${faulty}/corrupt/whiteout`, pullTimeoutMs);
    expect(unwrapped(output)).toMatch(/verification failed for digest sha256:[0-9a-f]{64}/);
    expect(output).toContain("exit status 1");
    const after = await storedContent(page);
    expect(after.blobs.length).toBe(before.blobs.length);
    await expectNothingCached("corrupt/whiteout");
    await expectEngineStillRuns();
  });

  it("rejects a truncated gzip layer", async () => {
    const before = await storedContent(page);
    const output = await run(`docker pull ${local}/broken/truncated-gzip`, pullTimeoutMs);
    expect(output).toMatch(/gzip/i);
    expect(output).toContain("exit status 1");
    expect((await storedContent(page)).blobs.length).toBe(before.blobs.length);
    await expectNothingCached("broken/truncated-gzip");
    await expectEngineStillRuns();
  });

  it.each(["hostile/dotdot", "hostile/symlink", "hostile/symlink:split"])("refuses the hostile layer in %s", async (image) => {
    const before = await storedContent(page);
    const output = await run(`docker pull ${local}/${image}`, pullTimeoutMs);
    expect(output).toContain("refusing layer entry");
    expect(output).toContain("exit status 1");
    expect((await storedContent(page)).blobs.length).toBe(before.blobs.length);
    await expectNothingCached(image.split(":")[0]!);
    await expectEngineStillRuns();
  });

  it("fails a pull that overflows the browser's storage with a clear message, and keeps nothing", async () => {
    // 48 MB holds the profile, the VM snapshot and busybox, but not Debian's 50 MB layer.
    await inSmallProfile(app.url, 48, async (crampedPage) => {
      const output = await runCommand(crampedPage, `docker pull ${local}/debian:bookworm`, pullTimeoutMs);
      expect(unwrapped(output)).toMatch(
        /Error response from daemon: no space left on device: pulling 127\.0\.0\.1:\d+\/debian:bookworm needs [\d.]+ ?MB of browser storage for layer [0-9a-f]{12}/,
      );
      expect(output).toContain("exit status 1");
      const stored = await storedContent(crampedPage);
      expect(stored.ingests).toEqual([]);
      expect(stored.orphanChunks).toBe(0);
      expect(await runCommand(crampedPage, "docker images")).not.toContain("/debian");
      expect(lines(await runCommand(crampedPage, "docker run --rm busybox echo still-alive"))).toContain("still-alive");
    });
  });

  it("refuses a registry that is not on the proxy's allowlist", async () => {
    const output = await run("docker pull registry.example.invalid/some/image");
    expect(output).toContain("registry host registry.example.invalid is not on the proxy's allowlist");
    expect(output).toContain("exit status 1");
  });

  it("refuses a private address", async () => {
    const output = await run("docker pull 10.1.2.3:5000/some/image");
    expect(output).toContain("10.1.2.3 is a private address");
    expect(output).toContain("exit status 1");
    await expectEngineStillRuns();
  });
});
