// Egress in the real guest (agent protocol 4): the root namespace's listeners on the EGRESS_PORTS
// set, connections to stand-in addresses (198.18.0.0/15) announced with ACCEPT and relayed on the
// agent's handles, resets for other local addresses, refusal of other ports, TCP_CLOSE, and the
// shared namespace of `--network host` containers.

import { createHash, randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AcceptedConnection, AgentClient } from "../../worker/vm/agent-client.ts";
import { GuestVm, type GuestBoot } from "../../worker/vm/guest-vm.ts";
import { OutputCollector, busyboxRootfs, execToEnd, guestImageAvailable, guestVmInputs } from "./guest-fixture.ts";
import { NET_ROOTFS, guestView, iface, ipOf, runToEnd, startContainer } from "./guest-network-fixture.ts";

const figures: Record<string, string> = {};
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
/** On the default bridge, whose gateway is the container's default route (egress goes through it). */
const bridged = { ...iface("docker0", 17, 2), defaultRoute: true };
const vethsOf = (links: string[]) => links.filter((link) => /^veth[0-9a-f]{7}$/.test(link)).sort();
const hostLink = { bridge: "docker0", gateway: "172.17.0.1/16", address: "172.17.0.250/16", mac: "02:42:ac:11:00:fa" };

/** Every ACCEPT, each with its handle's output collected from the moment it was announced. */
class Accepted {
  readonly events: AcceptedConnection[] = [];
  readonly connections = new Map<number, OutputCollector>();
  readonly detach: () => void;
  #waiters: (() => void)[] = [];

  constructor(agent: AgentClient) {
    this.detach = agent.onAccept((event) => {
      this.events.push(event);
      this.connections.set(event.handle, new OutputCollector(agent, event.handle));
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** The next ACCEPT after `count` seen so far. */
  async next(count: number, timeoutMs = 30_000): Promise<{ event: AcceptedConnection; conn: OutputCollector }> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length <= count) {
      if (Date.now() > deadline) throw new Error("no ACCEPT arrived");
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    const event = this.events[count]!;
    return { event, conn: this.connections.get(event.handle)! };
  }

  reset(): void {
    for (const conn of this.connections.values()) conn.detach();
    this.connections.clear();
    this.events.length = 0;
  }
}

describe.skipIf(!guestImageAvailable)("guest egress (real emulator)", () => {
  let vm: GuestVm;
  let agent: AgentClient;
  let accepted: Accepted;

  beforeAll(async () => {
    vm = new GuestVm(await guestVmInputs());
    let boot: GuestBoot;
    try {
      boot = await vm.boot();
    } catch (error) {
      console.error(vm.serialLog());
      throw error;
    }
    agent = boot.agent;
    await boot.files.writeTree(NET_ROOTFS, busyboxRootfs());
    await agent.setEgressPorts([80, 443]);
    accepted = new Accepted(agent);
  }, 300_000);

  afterEach(() => accepted.reset());

  afterAll(async () => {
    accepted?.detach();
    await vm?.dispose();
    console.log(Object.entries(figures).map(([name, value]) => `${name}: ${value}`).join("\n"));
  });

  it("announces a bridged container's connection to a stand-in address and relays the answer", async () => {
    const box = await startContainer(agent, ["sh", "-c", "wget -q -O - http://198.18.0.7/hello; echo; echo rc=$?"], {
      network: { interfaces: [bridged] },
    });
    try {
      const { event, conn } = await accepted.next(0);
      expect(event).toEqual({ handle: expect.any(Number), address: "198.18.0.7", port: 80, peer: ipOf(bridged) });
      expect(event.handle).toBeGreaterThanOrEqual(0x8000_0000);
      await conn.until((c) => c.stdout.includes("\r\n\r\n"));
      expect(conn.stdout).toMatch(/^GET \/hello HTTP\/1\.1\r\nHost: 198\.18\.0\.7\r\n/);
      const body = "answered through the egress relay";
      await agent.writeStdin(event.handle, new TextEncoder().encode(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
      await agent.closeStdin(event.handle);
      expect((await box.exited).exitCode).toBe(0);
      expect(box.output.stdout).toBe(`${body}\nrc=0\n`);
      await conn.until((c) => c.eofs.includes(1));
      expect(conn.stderr).toBe("");
    } finally {
      await agent.delete(box.id);
      box.output.detach();
    }
  }, 120_000);

  it("carries 1 MiB each way through an accepted connection intact", async () => {
    const script =
      "dd if=/dev/urandom of=/up bs=1024 count=1024 2>/dev/null && sha256sum /up && " +
      "nc 198.18.0.9 443 < /up > /down; echo rc=$?; sha256sum /down; wc -c < /down";
    const box = await startContainer(agent, ["sh", "-c", script], { network: { interfaces: [bridged] } });
    try {
      const { event, conn } = await accepted.next(0);
      expect(event.address).toBe("198.18.0.9");
      expect(event.port).toBe(443);
      const started = performance.now();
      await conn.until((c) => c.eofs.includes(1), 120_000);
      const upSeconds = (performance.now() - started) / 1000;
      const uploaded = conn.stdoutBytes();
      expect(uploaded.length).toBe(1024 * 1024);
      await box.output.until((c) => /^[0-9a-f]{64} /.test(c.stdout));
      expect(sha256(uploaded)).toBe(box.output.stdout.slice(0, 64));

      const download = new Uint8Array(randomBytes(1024 * 1024));
      const sent = performance.now();
      await agent.writeStdin(event.handle, download);
      await agent.closeStdin(event.handle);
      expect((await box.exited).exitCode).toBe(0);
      const downSeconds = (performance.now() - sent) / 1000;
      const lines = box.output.stdout.split("\n");
      expect(lines[1]).toBe("rc=0");
      expect(lines[2]!.slice(0, 64)).toBe(sha256(download));
      expect(lines[3]!.trim()).toBe(String(1024 * 1024));
      figures["1 MiB up (container → worker)"] = `${Math.round(upSeconds * 1000)} ms`;
      figures["1 MiB down (worker → container, with the container's exit)"] = `${Math.round(downSeconds * 1000)} ms`;
    } finally {
      await agent.delete(box.id);
      box.output.detach();
    }
  }, 240_000);

  it("resets a connection to another local address on an egress port at once, and refuses other ports", async () => {
    const script =
      `wget -q -O - http://${ipOf({ address: bridged.gateway })}/; echo rc=$?; ` +
      "wget -q -O - http://198.18.0.7:81/; echo rc=$?; " +
      "wget -q -O - http://127.0.0.1/; echo rc=$?";
    const started = performance.now();
    const run = await runToEnd(agent, ["sh", "-c", script], { network: { interfaces: [bridged] } });
    figures["reset and two refusals, container start included"] = `${Math.round(performance.now() - started)} ms`;
    expect(run.stdout).toBe("rc=1\nrc=1\nrc=1\n");
    const [gateway, otherPort, loopback] = run.stderr.trim().split("\n");
    expect(gateway).toMatch(/Connection reset by peer/);
    expect(otherPort).toMatch(/198\.18\.0\.7.*Connection refused/);
    // the container's own loopback has no listener: the agent's are in the root namespace only
    expect(loopback).toMatch(/Connection refused/);
    expect(accepted.events).toEqual([]);
  }, 120_000);

  it("TCP_CLOSE on an accepted handle resets the container's side", async () => {
    const box = await startContainer(agent, ["sh", "-c", "wget -q -O - http://198.18.0.7/; echo rc=$?"], {
      network: { interfaces: [bridged] },
    });
    try {
      const { event, conn } = await accepted.next(0);
      await conn.until((c) => c.stdout.includes("\r\n\r\n"));
      await agent.tcpClose(event.handle);
      await agent.tcpClose(event.handle);
      expect((await box.exited).exitCode).toBe(0);
      expect(box.output.stdout).toBe("rc=1\n");
      expect(box.output.stderr).toMatch(/Connection reset by peer/);
    } finally {
      await agent.delete(box.id);
      box.output.detach();
    }
  }, 120_000);

  it("EGRESS_PORTS replaces the set, all or nothing", async () => {
    const probe = "for p in 80 443 8080; do echo x | nc 198.18.0.7 $p >/dev/null 2>&1; echo $p=$?; done";
    // a container in the guest's root namespace holds port 9999 there, so that port cannot be taken
    const holder = await startContainer(agent, ["nc", "-l", "-p", "9999"], { netns: "host", stdinOpen: true });
    // its START answers before nc listens: wait until the root namespace shows port 9999 (0x270F) listening (IPv4 or IPv6)
    await runToEnd(agent, ["sh", "-c", "until grep -q ':270F [0-9A-F]*:0000 0A' /proc/net/tcp /proc/net/tcp6; do sleep 0.05; done"], { netns: "host" });
    // each accepted probe gets its EOF at once, so nc ends
    const closer = agent.onAccept((event) => void agent.closeStdin(event.handle));
    try {
      await agent.setEgressPorts([8080]);
      await expect(agent.setEgressPorts([443, 9999])).rejects.toThrow("EGRESS_PORTS: listen on port 9999: Address in use");
      await expect(agent.setEgressPorts([0])).rejects.toThrow(/EGRESS_PORTS: .*1-65535/);
      let run = await runToEnd(agent, ["sh", "-c", probe], { network: { interfaces: [bridged] } });
      expect(run.stdout).toBe("80=1\n443=1\n8080=0\n");
      await agent.setEgressPorts([]);
      run = await runToEnd(agent, ["sh", "-c", probe], { network: { interfaces: [bridged] } });
      expect(run.stdout).toBe("80=1\n443=1\n8080=1\n");
    } finally {
      closer();
      await agent.setEgressPorts([80, 443]);
      await agent.closeStdin(holder.output.handle);
      await agent.delete(holder.id);
      holder.output.detach();
    }
    expect(accepted.events.map((event) => event.port)).toEqual([8080]);
  }, 180_000);

  it("gives --network host containers one shared namespace with lo and a veth, apart from the agent's", async () => {
    const before = await guestView(agent, "");
    const network = { interfaces: [], host: hostLink };
    const server = await startContainer(agent, ["nc", "-l", "-p", "7000"], { network });
    try {
      const during = await guestView(agent, "");
      expect(during.bundle).toContain("host-netns");
      expect(vethsOf(during.links).filter((link) => !before.links.includes(link))).toHaveLength(1);
      // a second host container, with a different address on its line, joins the same namespace
      const script =
        "cat /proc/net/dev; ip -4 -o addr; ip route; echo hi | nc 127.0.0.1 7000; echo peer=$?; " +
        "echo x | nc 127.0.0.1 80; echo egress-port=$?; wget -q -O - http://198.18.0.7/; echo egress=$?";
      const second = startContainer(agent, ["sh", "-c", script], {
        network: { interfaces: [], host: { ...hostLink, address: "172.17.0.251/16", mac: "02:42:ac:11:00:fb" } },
      });
      const { event, conn } = await accepted.next(0);
      expect(event).toMatchObject({ address: "198.18.0.7", port: 80, peer: ipOf(hostLink) });
      await conn.until((c) => c.stdout.includes("\r\n\r\n"));
      await agent.writeStdin(event.handle, new TextEncoder().encode("HTTP/1.0 200 OK\r\n\r\nvia host\n"));
      await agent.closeStdin(event.handle);
      const box = await second;
      expect((await box.exited).exitCode).toBe(0);
      await agent.delete(box.id);
      box.output.detach();
      const out = box.output.stdout;
      const links = out.split("\n").filter((line) => /^\s*[\w.-]+:\s+\d/.test(line)).map((line) => line.split(":")[0]!.trim());
      expect(links.sort()).toEqual(["eth0", "lo"]);
      expect(out).toMatch(/eth0\s+inet 172\.17\.0\.250\/16/);
      expect(out).toMatch(/^default via 172\.17\.0\.1 dev eth0/m);
      expect(out).toMatch(/peer=0\n/);
      expect(out).toMatch(/egress-port=1\n/);
      expect(out).toMatch(/via host\negress=0\n/);
      expect((await server.exited).exitCode).toBe(0);
      expect(server.output.stdout).toBe("hi\n");
    } finally {
      await agent.delete(server.id);
      server.output.detach();
    }
    // the last one out removed the namespace and its veth pair
    const after = await guestView(agent, "");
    expect(after.bundle).not.toContain("host-netns");
    expect(vethsOf(after.links)).toEqual(vethsOf(before.links));
  }, 180_000);

  it("keeps the shared namespace while any host container uses it, through a DELETE and a failed START", async () => {
    const network = { interfaces: [], host: hostLink };
    const first = await startContainer(agent, ["sleep", "1000"], { network });
    const second = await startContainer(agent, ["sleep", "1000"], { network });
    await agent.delete(first.id);
    first.output.detach();
    const shown = await execToEnd(agent, second.id, ["ip", "-4", "-o", "addr", "show", "dev", "eth0"]);
    expect(shown.stdout).toMatch(/172\.17\.0\.250\/16/);
    await expect(
      startContainer(agent, ["true"], { network: { interfaces: [bridged], host: hostLink } }),
    ).rejects.toThrow(/host network setup has no interfaces/);
    await expect(agent.connectNetwork(second.id, iface("docker0", 17, 9, "eth1"))).rejects.toThrow(/is on the host network/);
    expect((await guestView(agent, "")).bundle).toContain("host-netns");
    await agent.delete(second.id);
    second.output.detach();
    expect((await guestView(agent, "")).bundle).not.toContain("host-netns");
  }, 180_000);
});
