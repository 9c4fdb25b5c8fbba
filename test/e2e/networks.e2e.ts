// Container networks in the page, typed as a person would: the redis fixture (Debian's redis-server,
// pulled from Debian's docker-registry on loopback) serves on a user network `app`, where another
// container reaches it by name; the default bridge cannot resolve the name, and another user network
// cannot reach its address; docker network ls, inspect and rm say what Docker says.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { LocalRegistry } from "../registry/local-registry.ts";
import { openAppWithFixtureRegistry, type FixtureRegistrySession } from "./fixture-registry-session.ts";
import { outputLines, runCommand } from "./terminal-driver.ts";

let session: FixtureRegistrySession;
let registry: LocalRegistry;
let page: Page;
let redis: string;

const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);
/** The output with the terminal's line wrapping undone (long messages span several rows). */
const unwrapped = (output: string) => output.replace(/\n/g, "");

beforeAll(async () => {
  session = await openAppWithFixtureRegistry(["redis"]);
  ({ registry, page } = session);
  redis = `${registry.host}/redis`;
}, 900_000);

afterAll(async () => {
  await session?.close();
});

/** Waits until `docker logs NAME` shows `text` (a server says when it is ready). */
async function waitForLog(name: string, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await run(`docker logs ${name}`)).includes(text)) {
    if (Date.now() > deadline) throw new Error(`docker logs ${name} never showed "${text}"`);
    await page.waitForTimeout(500);
  }
}

describe("a redis server on a user-defined network", () => {
  let networkId = "";
  let cacheId = "";
  let cacheAddress = "";

  it("pulls the redis image from the loopback registry", async () => {
    const output = await run(`docker pull ${redis}`, 300_000);
    expect(output).toContain(`Status: Downloaded newer image for ${redis}:latest`);
  });

  it("creates the network, which docker network ls lists", async () => {
    [networkId] = outputLines(await run("docker network create app"));
    expect(networkId).toMatch(/^[0-9a-f]{64}$/);
    const listed = outputLines(await run("docker network ls"));
    expect(listed[0]).toMatch(/^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    expect(listed.slice(1).map((line) => line.split(/\s+/))).toEqual(
      expect.arrayContaining([
        [networkId.slice(0, 12), "app", "bridge", "local"],
        [expect.stringMatching(/^[0-9a-f]{12}$/), "bridge", "bridge", "local"],
        [expect.stringMatching(/^[0-9a-f]{12}$/), "host", "host", "local"],
        [expect.stringMatching(/^[0-9a-f]{12}$/), "none", "null", "local"],
      ]),
    );
    expect(listed).toHaveLength(5);
  });

  it("runs redis-server detached on it", async () => {
    [cacheId] = outputLines(await run(`docker run -d --name cache --network app ${redis}`));
    expect(cacheId).toMatch(/^[0-9a-f]{64}$/);
    await waitForLog("cache", "Ready to accept connections");
    [cacheAddress] = outputLines(await run("docker inspect -f '{{.NetworkSettings.Networks.app.IPAddress}}' cache"));
    expect(cacheAddress).toMatch(/^172\.(1[89]|2\d|3[01])\.0\.2$/);
  });

  it("shows the container in docker network inspect, with its address", async () => {
    const inspected = JSON.parse(outputLines(await run("docker network inspect app")).join("\n")) as Array<Record<string, unknown>>;
    expect(inspected).toHaveLength(1);
    expect(inspected[0]).toMatchObject({
      Name: "app",
      Id: networkId,
      Driver: "bridge",
      Scope: "local",
      IPAM: { Driver: "default", Config: [{ Subnet: cacheAddress.replace(/\.2$/, ".0/16"), Gateway: cacheAddress.replace(/\.2$/, ".1") }] },
      Containers: { [cacheId]: { Name: "cache", IPv4Address: `${cacheAddress}/16`, MacAddress: `02:42:${cacheAddress.split(".").map((octet) => Number(octet).toString(16).padStart(2, "0")).join(":")}` } },
    });
  });

  it("answers redis-cli -h cache ping from another container on the network", async () => {
    expect(outputLines(await run(`docker run --rm --network app ${redis} redis-cli -h cache ping`))).toEqual(["PONG"]);
  });

  it("keeps what one client stores for the next", async () => {
    expect(outputLines(await run(`docker run --rm --network app ${redis} redis-cli -h cache set greeting hello`))).toEqual(["OK"]);
    expect(outputLines(await run(`docker run --rm --network app ${redis} redis-cli -h cache get greeting`))).toEqual(["hello"]);
  });

  it("cannot resolve the name from the default bridge", async () => {
    expect(unwrapped(await run(`docker run --rm ${redis} redis-cli -h cache ping`))).toContain("Could not connect to Redis at cache:6379: Name or service not known");
    const looked = await run("docker run --rm busybox nslookup cache");
    expect(looked).toMatch(/^Server:\s+127\.0\.0\.11$/m);
    expect(looked).toContain("** server can't find cache: NXDOMAIN");
  });

  it("cannot reach its address from another user network or the default bridge, while its own network can", async () => {
    const ask = (network: string) => `docker run --rm --network ${network} busybox sh -c 'echo PING | nc -w 3 ${cacheAddress} 6379'`;
    expect(outputLines(await run(ask("app")))).toEqual(["+PONG"]);
    expect(outputLines(await run("docker network create other"))[0]).toMatch(/^[0-9a-f]{64}$/);
    // The page notes a command's non-zero exit status after its output.
    expect(outputLines(await run(ask("other")))).toEqual(["nc: timed out", "exit status 1"]);
    expect(outputLines(await run(ask("bridge")))).toEqual(["nc: timed out", "exit status 1"]);
  });

  it("refuses to remove the network while cache is on it, in Docker's words, and removes it after docker rm -f cache", async () => {
    expect(unwrapped(await run("docker network rm app"))).toContain(
      `Error response from daemon: error while removing network: network app has active endpoints (name:"cache" id:"`,
    );
    expect(outputLines(await run("docker network ls")).some((line) => / app /.test(line))).toBe(true);
    expect(outputLines(await run("docker rm -f cache"))).toEqual(["cache"]);
    expect(outputLines(await run("docker network rm app other"))).toEqual(["app", "other"]);
    const listed = outputLines(await run("docker network ls")).map((line) => line.split(/\s+/)[1]);
    expect(listed.slice(1).sort()).toEqual(["bridge", "host", "none"]);
    expect(unwrapped(await run("docker network inspect app"))).toContain("Error response from daemon: network app not found");
  });
});
