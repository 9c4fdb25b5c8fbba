// Containers' writable layers as a person meets them in the page: a container writes more than
// the guest's memory would hold, and its files, changed and deleted ones alike, are still there
// after a reload (the layer lives on the browser's storage, not in the guest's RAM), until
// `docker rm` frees them. Where the browser's storage runs out, the writing container meets
// ENOSPC, and everything else keeps working.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { RunningApp } from "./app-server.ts";
import { inSmallProfile, openAppPage, reloadUntilReady } from "./page-session.ts";
import { outputLines, runCommand } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);
/** Writes 300 MB of random bytes once (a later start finds the file), then prints its digest. */
const bigScript = "test -f /data.bin || dd if=/dev/urandom of=/data.bin bs=1M count=300; sha256sum /data.bin";

function digestIn(output: string): string {
  const digest = /\b([0-9a-f]{64})\s+\/data\.bin/.exec(output)?.[1];
  if (!digest) throw new Error(`no digest of /data.bin in:\n${output}`);
  return digest;
}

beforeAll(async () => {
  ({ app, browser, page } = await openAppPage());
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("containers' writable layers", () => {
  let digest: string;
  let changes: string[];

  it("hold 300 MB of a container's writes", async () => {
    const output = await run(`docker run --name big busybox sh -c '${bigScript}'`, 900_000);
    expect(output).toContain("300+0 records out");
    digest = digestIn(output);
  }, 900_000);

  it("record a container's changed, added and deleted files", async () => {
    await run("docker run --name changes busybox sh -c 'echo changed > /etc/hostname-old; rm /bin/true; mkdir -p /srv/kept && echo kept > /srv/kept/file'");
    changes = outputLines(await run("docker diff changes"));
    expect(changes).toEqual(expect.arrayContaining(["D /bin/true", "A /srv", "A /srv/kept", "A /srv/kept/file", "A /etc/hostname-old"]));
  }, 120_000);

  it("keep both across a reload: docker diff shows the same, and the big file has the same digest", async () => {
    await reloadUntilReady(page);
    expect(outputLines(await run("docker diff changes"))).toEqual(changes);
    expect(await run("docker cp changes:/srv/kept/file -")).toContain("kept");
    const again = await run("docker start -a big", 900_000);
    expect(again).not.toContain("records out");
    expect(digestIn(again)).toBe(digest);
  }, 900_000);

  it("are counted by docker system df until docker rm frees them", async () => {
    const before = /Containers\s+2\s+0\s+([\d.]+)MB/.exec(await run("docker system df"));
    expect(Number(before?.[1])).toBeGreaterThanOrEqual(300);
    await run("docker rm big changes");
    expect(await run("docker ps -a")).not.toMatch(/\bbig\b|\bchanges\b/);
    expect(await run("docker system df")).toMatch(/Containers\s+0\s+0\s+0B/);
  }, 120_000);

  it("keep each file whole, in its old or its new content, when the page reloads while a container writes", async () => {
    // Five files of 50,000 like lines rewritten generation after generation, each through a temporary file and a rename.
    const writer = "mkdir -p /data; g=0; while true; do g=$((g+1)); for n in 1 2 3 4 5; do yes \"generation $g of file $n\" | head -n 50000 >/data/.next && mv /data/.next /data/file$n; done; done";
    await run(`docker run -d --name writer busybox sh -c '${writer}'`);
    await expect.poll(async () => outputLines(await run("docker exec writer sh -c 'ls /data'")), { timeout: 300_000, interval: 2000 }).toContain("file5");
    await page.waitForTimeout(3000);
    await reloadUntilReady(page);
    expect(await run("docker inspect --format '{{.State.Status}} {{.State.Error}}' writer")).toContain("exited the engine stopped while the container was running");
    await run("docker commit writer writer-after-reload");
    // Per file: how many lines, and how many different ones (one, if it is whole).
    const check = "for n in 1 2 3 4 5; do f=/data/file$n; echo \"file$n $(wc -l <$f) $(sort -u $f | wc -l)\"; done";
    const report = outputLines(await run(`docker run --rm writer-after-reload sh -c '${check}'`));
    expect(report).toEqual([1, 2, 3, 4, 5].map((n) => `file${n} 50000 1`));
    await run("docker rm writer");
    await run("docker rmi writer-after-reload");
  }, 900_000);

  it("stop a container that fills the browser's storage with no space left on device, and lose nothing kept", async () => {
    // 48 MB holds the profile, the VM snapshot and busybox, but not 300 MB of a container's writes.
    await inSmallProfile(app.url, 48, async (crampedPage) => {
      const crampedRun = (line: string, timeoutMs = 120_000) => runCommand(crampedPage, line, timeoutMs);
      await crampedRun("docker run --name kept busybox sh -c 'echo safe > /kept'");
      // It writes a line a second throughout, so it meets the full store too.
      await crampedRun("docker run -d --name steady busybox sh -c 'while true; do date >> /ticks; sleep 1; done'");
      const output = await crampedRun("docker run --name filler busybox dd if=/dev/urandom of=/data.bin bs=1M count=300", 900_000);
      expect(output).toMatch(/dd: (error )?writing '\/data\.bin': No space left on device/);
      expect(output).toContain("exit status 1");
      expect(outputLines(await crampedRun("docker exec steady echo still-running"))).toContain("still-running");
      expect(outputLines(await crampedRun("docker run --rm busybox echo still-alive"))).toContain("still-alive");
      expect(outputLines(await crampedRun("docker diff kept"))).toEqual(["A /kept"]);
      expect(await crampedRun("docker cp kept:/kept -")).toContain("safe");
      // Removing the filler frees the space, for new containers and for the one that kept running.
      await crampedRun("docker rm filler");
      expect(outputLines(await crampedRun("docker run --rm busybox sh -c 'dd if=/dev/zero of=/after bs=1M count=4 && echo wrote-after'"))).toContain("wrote-after");
      expect(outputLines(await crampedRun("docker exec steady sh -c 'dd if=/dev/zero of=/more bs=1M count=4 && echo wrote-more'"))).toContain("wrote-more");
    });
  }, 1_200_000);
});
