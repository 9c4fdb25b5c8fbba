// Published ports under a real `berth daemon` with the real docker CLI: a busybox httpd published
// with -p is a real TCP port on the host's loopback, a 5 MB file comes through it intact, a port
// already taken (by berth or by another program) fails the run with Docker's message, and the port
// closes when the container stops. (Needs the guest's TCP_CONNECT and the engine's -p: the
// networks branches.)

import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, startDaemon, type DaemonProcess } from "./daemon-process.ts";

let stateDirectory: string;
let daemon: DaemonProcess;
const cli = (args: string[], timeoutMs = 120_000) => docker(daemon.socket, args, { timeoutMs });

beforeAll(async () => {
  stateDirectory = await mkdtemp(join(tmpdir(), "berth-daemon-ports-"));
  daemon = await startDaemon(stateDirectory);
}, 300_000);

afterAll(async () => {
  await daemon?.stop();
  if (stateDirectory) await rm(stateDirectory, { recursive: true, force: true });
}, 60_000);

/** A loopback port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Fetches from the published port, retrying while the server in the container starts. */
async function fetchPort(port: number, path: string): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(`http://127.0.0.1:${port}${path}`);
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

const httpd = ["busybox", "sh", "-c", `mkdir /www && echo "hello from berth" > /www/index.html && exec httpd -f -p 80 -h /www`];

describe("published ports under berth daemon", { timeout: 180_000 }, () => {
  let hostPort = 0;

  it("serves a container's web server on the host's loopback", async () => {
    hostPort = await freePort();
    const run = await cli(["run", "-d", "--name", "web", "-p", `${hostPort}:80`, ...httpd]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const response = await fetchPort(hostPort, "/");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello from berth\n");
    // The port shows where it listens, as Docker shows a binding's address.
    expect((await cli(["port", "web"])).stdout).toBe(`80/tcp -> 127.0.0.1:${hostPort}\n`);
  });

  it("passes a 5 MB file intact", async () => {
    const sums = await cli(["exec", "web", "sh", "-c", "head -c 5242880 /dev/urandom > /www/big.bin && sha256sum /www/big.bin"]);
    const expected = sums.stdout.split(/\s+/)[0];
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    const body = Buffer.from(await (await fetchPort(hostPort, "/big.bin")).arrayBuffer());
    expect(body.length).toBe(5 * 1024 * 1024);
    expect(createHash("sha256").update(body).digest("hex")).toBe(expected);
  });

  it("refuses a host port berth has published already", async () => {
    const again = await cli(["run", "-d", "--name", "again", "-p", `${hostPort}:80`, ...httpd]);
    expect(again.code).toBe(125);
    expect(again.stderr).toContain(`Bind for 127.0.0.1:${hostPort} failed: port is already allocated`);
    await cli(["rm", "-f", "again"]);
  });

  it("refuses a host port another program holds, and the container does not run", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as { port: number }).port;
    try {
      const run = await cli(["run", "-d", "--name", "blocked", "-p", `${taken}:80`, ...httpd]);
      expect(run.code).toBe(125);
      expect(run.stderr).toContain(`Error starting userland proxy: listen tcp4 127.0.0.1:${taken}: bind: address already in use`);
      expect((await cli(["inspect", "-f", "{{.State.Running}}", "blocked"])).stdout.trim()).toBe("false");
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      await cli(["rm", "-f", "blocked"]);
    }
  });

  it("closes the port when the container stops", async () => {
    expect((await cli(["stop", "-t", "1", "web"])).code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${hostPort}/`)).rejects.toThrow();
    await cli(["rm", "web"]);
  });
});
