// Networks under a real `berth daemon` with the real docker CLI: containers on a user-defined network
// reach each other by name, alias and network-qualified name through the embedded DNS; the default
// bridge and other networks neither resolve nor reach them; a running container is connected and
// disconnected in place; a network with running containers cannot be removed, and its bridge leaves
// the guest with it; addresses, /etc files and inspect shapes are Docker's; networks survive a
// daemon restart, and a container whose network is gone fails its start as Docker's does. Names the
// embedded DNS cannot answer go to a --dns server on the container's network (dnsmasq in a container,
// the fixture image from Debian's dnsmasq-base, pulled from a loopback registry).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startLocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import { docker, startDaemon, type DaemonProcess } from "./daemon-process.ts";

let stateDirectory: string;
let daemon: DaemonProcess;
const cli = (args: string[], timeoutMs = 120_000) => docker(daemon.socket, args, { timeoutMs });
/** Runs a throwaway busybox shell command on `network`; its output and exit code. */
const sh = (network: string, script: string) => cli(["run", "--rm", "--network", network, "busybox", "sh", "-c", script]);
const server = (name: string, ...options: string[]) => cli(["run", "-d", "--name", name, ...options, "busybox", "httpd", "-f", "-p", "80", "-h", "/etc"]);

beforeAll(async () => {
  stateDirectory = await mkdtemp(join(tmpdir(), "berth-daemon-networks-"));
  daemon = await startDaemon(stateDirectory);
}, 300_000);

afterAll(async () => {
  await daemon?.stop();
  if (stateDirectory) await rm(stateDirectory, { recursive: true, force: true });
}, 60_000);

describe("networks under berth daemon", { timeout: 180_000 }, () => {
  it("lists the predefined networks and refuses to remove them", async () => {
    expect((await cli(["network", "ls", "--format", "{{.Name}} {{.Driver}}"])).stdout.split("\n").sort()).toEqual(["", "bridge bridge", "host host", "none null"]);
    const removal = await cli(["network", "rm", "bridge"]);
    expect(removal.stderr).toContain("bridge is a pre-defined network and cannot be removed");
  });

  it("gives containers on the default bridge an address, a default route and Docker's /etc files", async () => {
    const run = await sh("bridge", "ip -4 -o addr show eth0; ip route; cat /etc/resolv.conf; tail -1 /etc/hosts; cat /etc/hostname");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/eth0\s+inet 172\.17\.0\.\d+\/16/);
    expect(run.stdout).toContain("default via 172.17.0.1 dev eth0");
    expect(run.stdout).toContain("nameserver 127.0.0.11\noptions ndots:0\n");
    const hostname = run.stdout.trim().split("\n").at(-1)!;
    expect(run.stdout).toMatch(new RegExp(`172\\.17\\.0\\.\\d+\\t${hostname}\\n`));
  });

  it("resolves containers by name, alias and <name>.<network> on a user-defined network, and not elsewhere", async () => {
    expect((await cli(["network", "create", "app"])).code).toBe(0);
    expect((await cli(["network", "create", "other"])).code).toBe(0);
    expect((await server("cache", "--network", "app", "--network-alias", "redis")).code).toBe(0);
    const onApp = await sh("app", "wget -qO- http://cache/hostname && wget -qO- http://redis/hostname && nslookup cache.app | grep -c 172.18.0.2");
    const cacheId = (await cli(["inspect", "-f", "{{.Id}}", "cache"])).stdout.trim();
    expect(onApp.stdout).toBe(`${cacheId.slice(0, 12)}\n${cacheId.slice(0, 12)}\n1\n`);
    const onBridge = await sh("bridge", "nslookup cache");
    expect(onBridge.stdout).toContain("can't find cache: NXDOMAIN");
    const onOther = await sh("other", "nslookup cache; ping -c 1 -W 2 172.18.0.2");
    expect(onOther.stdout).toContain("can't find cache: NXDOMAIN");
    expect(onOther.stdout).toContain("100% packet loss");
  });

  it("shows the endpoint in container and network inspect as Docker does", async () => {
    const networks = JSON.parse((await cli(["inspect", "-f", "{{json .NetworkSettings.Networks}}", "cache"])).stdout);
    const cacheId = (await cli(["inspect", "-f", "{{.Id}}", "cache"])).stdout.trim();
    expect(networks.app).toMatchObject({
      Aliases: ["redis"],
      IPAddress: "172.18.0.2",
      IPPrefixLen: 16,
      Gateway: "172.18.0.1",
      MacAddress: "02:42:ac:12:00:02",
      DNSNames: ["cache", "redis", cacheId.slice(0, 12)],
    });
    const containers = JSON.parse((await cli(["network", "inspect", "-f", "{{json .Containers}}", "app"])).stdout);
    expect(containers[cacheId]).toMatchObject({ Name: "cache", IPv4Address: "172.18.0.2/16", MacAddress: "02:42:ac:12:00:02" });
    expect((await cli(["ps", "--filter", "name=cache", "--format", "{{.Networks}}"])).stdout).toBe("app\n");
  });

  it("connects and disconnects a running container in place", async () => {
    expect((await cli(["network", "connect", "--alias", "www", "other", "cache"])).code).toBe(0);
    const connected = await cli(["exec", "cache", "sh", "-c", "ip -4 -o addr show eth1; grep -c 172.19.0 /etc/hosts"]);
    expect(connected.stdout).toMatch(/eth1\s+inet 172\.19\.0\.2\/16[\s\S]*\n1\n$/);
    expect((await sh("other", "wget -qO- http://www/hostname")).code).toBe(0);
    expect((await cli(["network", "disconnect", "other", "cache"])).code).toBe(0);
    expect((await cli(["exec", "cache", "ip", "-o", "link"])).stdout).not.toContain("eth1");
    expect((await sh("other", "nslookup www")).stdout).toContain("NXDOMAIN");
  });

  it("refuses to remove a network with running containers, then removes it and its guest bridge", async () => {
    // The bridge's gateway address belongs to the guest while the bridge exists: answered from any
    // network (a local address of the guest), unreachable once it is gone (nothing is routed).
    const gateway = (await cli(["network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "app"])).stdout.trim();
    const refused = await cli(["network", "rm", "app"]);
    expect(refused.stderr).toMatch(/error while removing network: network app has active endpoints \(name:"cache" id:"[0-9a-f]{12}"\)/);
    expect((await sh("bridge", `ping -c 1 -W 2 ${gateway}`)).code).toBe(0);
    await cli(["rm", "-f", "cache"]);
    expect((await cli(["network", "rm", "app"])).code).toBe(0);
    expect((await sh("bridge", `ping -c 1 -W 2 ${gateway}`)).code).not.toBe(0);
  });

  it("gives the address asked for on a network with a user subnet", async () => {
    expect((await cli(["network", "create", "--subnet", "10.50.0.0/24", "--gateway", "10.50.0.254", "fixed"])).code).toBe(0);
    const run = await cli(["run", "--rm", "--network", "fixed", "--ip", "10.50.0.7", "busybox", "ip", "route"]);
    expect(run.stdout).toContain("default via 10.50.0.254 dev eth0");
    expect(run.stdout).toContain("src 10.50.0.7");
    const refused = await cli(["run", "--rm", "--network", "other", "--ip", "172.19.0.9", "busybox", "true"]);
    expect(refused.stderr).toContain("user specified IP address is supported only when connecting to networks with user configured subnets");
  });

  it("forwards names it does not know to a --dns server the container reaches, keeping container names first", async () => {
    const registry = await startLocalRegistry();
    try {
      await pushFixtures(registry.url, await ensureFixtures(), ["dnsmasq"]);
      expect((await cli(["network", "create", "--subnet", "10.89.1.0/24", "lookup"])).code).toBe(0);
      const dnsmasq = ["dnsmasq", "--no-daemon", "--no-resolv", "--address=/printer.example.test/10.89.0.77"];
      const started = await cli(["run", "-d", "--name", "dns", "--network", "lookup", "--ip", "10.89.1.53", `${registry.host}/dnsmasq`, ...dnsmasq]);
      expect(started.code).toBe(0);
      const ask = (name: string, ...options: string[]) =>
        cli(["run", "--rm", "--network", "lookup", ...options, "busybox", "nslookup", name]);
      // dnsmasq answers once it has bound its socket: ask until it does (a SERVFAIL meanwhile, after
      // the forwarder's 4 s, or at once while its port is closed and the query is lost).
      let forwarded = await ask("printer.example.test", "--dns", "10.89.1.53");
      for (let attempt = 0; !forwarded.stdout.includes("10.89.0.77") && attempt < 10; attempt++) {
        forwarded = await ask("printer.example.test", "--dns", "10.89.1.53");
      }
      expect(forwarded.stdout).toMatch(/Name:\s+printer\.example\.test\nAddress: 10\.89\.0\.77\n/);
      // Container names still come from the engine: dnsmasq knows no "dns". In dnsmasq's own
      // container, whose 0.0.0.0:53 sits beside 127.0.0.11:53, glibc's resolver still reaches the engine.
      expect((await ask("dns", "--dns", "10.89.1.53")).stdout).toMatch(/Name:\s+dns\nAddress: 10\.89\.1\.53\n/);
      expect((await cli(["exec", "dns", "getent", "hosts", "dns"])).stdout).toMatch(/^10\.89\.1\.53\s+dns\n$/);
      // Without --dns, or with a server the guest cannot reach, the name is one outside: an egress stand-in.
      for (const options of [[], ["--dns", "192.0.2.53"]]) {
        const standIn = await ask("printer.example.test", ...options);
        expect(standIn.stdout).toMatch(/Name:\s+printer\.example\.test\nAddress: 198\.1[89]\.\d+\.\d+\n/);
        expect(standIn.stdout).not.toContain("10.89.0.77");
      }
      // The search domains and options reach resolv.conf as Docker writes them.
      const resolv = await cli(["run", "--rm", "--network", "lookup", "--dns", "10.89.1.53", "--dns-search", "example.test", "--dns-option", "timeout:2", "busybox", "cat", "/etc/resolv.conf"]);
      expect(resolv.stdout).toBe("nameserver 127.0.0.11\nsearch example.test\noptions timeout:2 ndots:0\n");
    } finally {
      await cli(["rm", "-f", "dns"]);
      await cli(["network", "rm", "lookup"]);
      await registry.close();
    }
  });

  it("keeps networks across a daemon restart; a container whose network is gone fails to start as in Docker", async () => {
    expect((await cli(["create", "--name", "orphan", "--network", "other", "busybox", "true"])).code).toBe(0);
    const otherId = (await cli(["network", "inspect", "-f", "{{.Id}}", "other"])).stdout.trim();
    await cli(["start", "orphan"]);
    expect((await cli(["network", "rm", "other"])).code).toBe(0);
    const before = (await cli(["network", "ls", "-q", "--no-trunc"])).stdout;
    await daemon.stop();
    daemon = await startDaemon(stateDirectory);
    expect((await cli(["network", "ls", "-q", "--no-trunc"])).stdout).toBe(before);
    const start = await cli(["start", "orphan"]);
    expect(start.stderr).toContain(`failed to set up container networking: network ${otherId} not found`);
    await cli(["rm", "orphan"]);
  });
});
