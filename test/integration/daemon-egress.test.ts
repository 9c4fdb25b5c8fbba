// Containers' outbound connections under a real `berth daemon` with the real docker CLI: a container
// reaches an HTTP server on this machine by host name (host.docker.internal, allowed on its port by
// BERTH_ALLOW_EGRESS) through the embedded DNS's stand-in address, the agent's egress listener and the
// daemon's Node socket; bytes arrive intact; a host the allowlist does not name is cut off at once;
// --network none has no way out, nor has an --internal network.

import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, startDaemon, type DaemonProcess } from "./daemon-process.ts";

let stateDirectory: string;
let daemon: DaemonProcess;
let web: Server;
let port: number;
const body = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 131) % 251);
const cli = (args: string[], timeoutMs = 120_000) => docker(daemon.socket, args, { timeoutMs });

beforeAll(async () => {
  web = createServer((request, response) => {
    if (request.url === "/hello") return void response.end("hello from the host\n");
    response.setHeader("content-length", body.length);
    response.end(body);
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  port = (web.address() as AddressInfo).port;
  stateDirectory = await mkdtemp(join(tmpdir(), "berth-daemon-egress-"));
  daemon = await startDaemon(stateDirectory, [], { BERTH_ALLOW_EGRESS: `host.docker.internal:${port}` });
}, 300_000);

afterAll(async () => {
  await daemon?.stop();
  web?.close();
  if (stateDirectory) await rm(stateDirectory, { recursive: true, force: true });
}, 60_000);

describe("egress under berth daemon", () => {
  it("reaches an allowed host by name from the default bridge and from a user network, bytes intact", async () => {
    const hello = await cli(["run", "--rm", "busybox", "wget", "-qO-", `http://host.docker.internal:${port}/hello`]);
    expect(hello.stdout).toBe("hello from the host\n");
    expect((await cli(["network", "create", "out"])).code).toBe(0);
    const digest = await cli(["run", "--rm", "--network", "out", "busybox", "sh", "-c", `wget -qO- http://host.docker.internal:${port}/big | sha256sum`]);
    expect(digest.stdout.split(" ")[0]).toBe(createHash("sha256").update(body).digest("hex"));
  }, 120_000);

  it("cuts off a host off the allowlist at once, refuses other ports, and gives --network none no way out", async () => {
    const started = Date.now();
    const refused = await cli(["run", "--rm", "busybox", "wget", "-qO-", `http://blocked.example:${port}/hello`]);
    expect(refused.code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(refused.stdout).toBe("");
    const otherPort = await cli(["run", "--rm", "busybox", "wget", "-qO-", `http://host.docker.internal:${port + 1}/hello`]);
    expect(otherPort.stderr).toContain("Connection refused");
    const none = await cli(["run", "--rm", "--network", "none", "busybox", "wget", "-qO-", `http://host.docker.internal:${port}/hello`]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/bad address|Network is unreachable/);
  }, 120_000);

  it("gives a container on an --internal network no way out until it is connected to one that has it, and moves its route as networks go", async () => {
    expect((await cli(["network", "create", "--internal", "sealed"])).code).toBe(0);
    expect((await cli(["network", "create", "open-side"])).code).toBe(0);
    expect((await cli(["run", "-d", "--name", "sealed-in", "--network", "sealed", "busybox", "sleep", "600"])).code).toBe(0);
    const wget = () => cli(["exec", "sealed-in", "wget", "-qO-", `http://host.docker.internal:${port}/hello`]);
    const inside = await wget();
    expect(inside.code).not.toBe(0);
    expect(inside.stderr).toContain("bad address");
    expect((await cli(["exec", "sealed-in", "ip", "route"])).stdout).not.toContain("default");
    expect((await cli(["network", "connect", "open-side", "sealed-in"])).code).toBe(0);
    expect((await cli(["exec", "sealed-in", "ip", "route"])).stdout).toMatch(/^default via /m);
    expect((await wget()).stdout).toBe("hello from the host\n");
    // The route moves to the next network with a way out when its network goes, as Docker's gateway does.
    expect((await cli(["network", "connect", "bridge", "sealed-in"])).code).toBe(0);
    expect((await cli(["network", "disconnect", "open-side", "sealed-in"])).code).toBe(0);
    expect((await cli(["exec", "sealed-in", "ip", "route"])).stdout).toMatch(/^default via 172\.17\.0\.1 /m);
    expect((await wget()).stdout).toBe("hello from the host\n");
    expect((await cli(["network", "disconnect", "bridge", "sealed-in"])).code).toBe(0);
    expect((await cli(["exec", "sealed-in", "ip", "route"])).stdout).not.toContain("default");
    expect((await wget()).stderr).toContain("bad address");
    await cli(["rm", "-f", "sealed-in"]);
  }, 120_000);
});
