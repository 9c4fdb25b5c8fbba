// Container networking in the real guest (protocol 3): network namespaces, bridges and veth pairs
// made by the agent, IPv6 loopback, isolation between bridges, the DNS sockets' datagrams (with the
// forwarding socket of protocol 5), TCP_CONNECT/TCP_CLOSE, WRITE_FILE, NET_CONNECT/NET_DISCONNECT
// and BRIDGE_REMOVE.

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentError, type AgentClient } from "../../worker/vm/agent-client.ts";
import { GuestVm, type GuestBoot } from "../../worker/vm/guest-vm.ts";
import {
  OutputCollector,
  busyboxRootfs,
  execToEnd,
  guestImageAvailable,
  guestVmInputs,
  newContainerId,
  newHandle,
  nextExit,
  ociConfig,
} from "./guest-fixture.ts";
import { NET_ROOTFS, guestView, iface, ipOf, runToEnd, startContainer, type Mount, type Running } from "./guest-network-fixture.ts";

const figures: Record<string, string> = {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (data: Uint8Array) => new TextDecoder().decode(data);

/** A TCP_CONNECT that retries while the server is not listening yet (refused at once). */
async function connectWhenListening(agent: AgentClient, params: Parameters<AgentClient["tcpConnect"]>[0]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await agent.tcpConnect(params);
      return;
    } catch (error) {
      if (!(error instanceof AgentError) || !/refused/.test(error.message) || attempt > 100) throw error;
      await sleep(200);
    }
  }
}

/** One HTTP/1.0 exchange over a TCP_CONNECT handle: the response's bytes, up to the server's EOF. */
async function httpGet(agent: AgentClient, box: Running, address: string, path: string): Promise<Uint8Array> {
  const response = new OutputCollector(agent);
  try {
    await connectWhenListening(agent, { id: box.id, handle: response.handle, address, port: 8080 });
    await agent.writeStdin(response.handle, new TextEncoder().encode(`GET ${path} HTTP/1.0\r\n\r\n`));
    await agent.closeStdin(response.handle);
    await response.until((c) => c.eofs.includes(1), 60_000);
    expect(response.stderr).toBe("");
    return response.stdoutBytes();
  } finally {
    response.detach();
  }
}

function httpBody(response: Uint8Array): Uint8Array {
  const headerEnd = Buffer.from(response).indexOf("\r\n\r\n");
  expect(text(response.subarray(0, 15))).toMatch(/^HTTP\/1\.[01] 200 OK$/);
  return response.subarray(headerEnd + 4);
}

/** A DNS answer to `query` (built here by hand): A queries get `address`, others no records. */
function dnsAnswer(query: Uint8Array, address: number[]): { name: string; type: number; answer: Uint8Array } {
  const labels: string[] = [];
  let offset = 12;
  while (query[offset] !== 0) {
    const length = query[offset]!;
    labels.push(text(query.subarray(offset + 1, offset + 1 + length)));
    offset += 1 + length;
  }
  const questionEnd = offset + 5;
  const type = (query[offset + 1]! << 8) | query[offset + 2]!;
  const isA = type === 1;
  const header = [query[0]!, query[1]!, 0x81, 0x80, 0, 1, 0, isA ? 1 : 0, 0, 0, 0, 0];
  const record = isA ? [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...address] : [];
  const answer = Uint8Array.from([...header, ...query.subarray(12, questionEnd), ...record]);
  return { name: labels.join("."), type, answer };
}

describe.skipIf(!guestImageAvailable)("guest networking (real emulator)", () => {
  let vm: GuestVm;
  let agent: AgentClient;

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
  }, 300_000);

  afterAll(async () => {
    await vm?.dispose();
    console.log(Object.entries(figures).map(([name, value]) => `${name}: ${value}`).join("\n"));
  });

  it("START with one interface costs little more guest work than START in a namespace of crun's", async () => {
    // Guest instructions, unlike wall time, do not depend on the machine's other load (an idle guest
    // executes none). The plain START's config has crun make the network namespace itself.
    const work: Record<"plain" | "networked", number[]> = { plain: [], networked: [] };
    const wall: Record<"plain" | "networked", number[]> = { plain: [], networked: [] };
    for (let i = 0; i < 5; i++) {
      for (const kind of ["plain", "networked"] as const) {
        const before = vm.instructionCount();
        const box = await startContainer(agent, ["true"], kind === "plain" ? {} : { network: { interfaces: [iface("br-cost", 20, 2)] } });
        const executed = (vm.instructionCount() - before) >>> 0;
        expect((await box.exited).exitCode).toBe(0);
        await agent.delete(box.id);
        box.output.detach();
        // the first round also creates the bridge and warms caches
        if (i > 0) work[kind].push(executed), wall[kind].push(box.startMs);
      }
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const millions = (n: number) => `${(n / 1e6).toFixed(1)} M`;
    const added = median(work.networked) - median(work.plain);
    figures["START (crun's own netns): guest instructions"] = work.plain.map(millions).join(", ");
    figures["START with one interface: guest instructions"] = work.networked.map(millions).join(", ");
    figures["START network cost"] = `${millions(added)} instructions (${Math.round((100 * added) / median(work.plain))}% of a START); wall time ${median(wall.plain)} ms without, ${median(wall.networked)} ms with`;
    expect(added / median(work.plain)).toBeLessThan(0.4);
    await agent.removeBridge("br-cost");
  }, 180_000);

  it("connects two containers on one bridge over TCP", async () => {
    const a = iface("br-one", 21, 2);
    const server = await startContainer(agent, ["sh", "-c", "echo from-a | nc -l -p 7000"], { network: { interfaces: [a] } });
    const client = await runToEnd(
      agent,
      ["sh", "-c", `for i in $(seq 1 50); do echo from-b | nc ${ipOf(a)} 7000 && exit 0; sleep 0.2; done; exit 1`],
      { network: { interfaces: [iface("br-one", 21, 3)] } },
    );
    expect(client.stdout).toBe("from-a\n");
    expect(client.exit.exitCode).toBe(0);
    expect((await server.exited).exitCode).toBe(0);
    expect(server.output.stdout).toBe("from-b\n");
    await agent.delete(server.id);
    server.output.detach();
  }, 120_000);

  it("gives every namespace ::1 on lo and serves a [::] listener, with no IPv6 on eth0", async () => {
    const script = "mkdir /www && echo six > /www/f && exec httpd -f -p [::]:8080 -h /www";
    const box = await startContainer(agent, ["sh", "-c", script], { network: { interfaces: [iface("br-six", 22, 2)] } });
    try {
      const fetch = await execToEnd(agent, box.id, [
        "sh",
        "-c",
        "cat /proc/net/if_inet6; for i in $(seq 1 50); do wget -q -O - http://[::1]:8080/f && exit 0; sleep 0.2; done; exit 1",
      ]);
      expect(fetch.exit.exitCode).toBe(0);
      const [inet6, body] = [fetch.stdout.split("\n").filter((line) => /^[0-9a-f]{32} /.test(line)), fetch.stdout.split("\n").at(-2)];
      expect(inet6).toEqual([expect.stringMatching(/^0{31}1 01 80 10 80 +lo$/)]);
      expect(body).toBe("six");
    } finally {
      await agent.delete(box.id);
      box.output.detach();
    }
    // crun's own namespace (--network none) has ::1 too, and so has the guest's root namespace
    const none = await runToEnd(agent, ["cat", "/proc/net/if_inet6"]);
    expect(none.stdout).toMatch(/^0{31}1 01 80 10 80 +lo$/m);
    const host = await runToEnd(agent, ["sh", "-c", "cat /proc/net/if_inet6; ip -4 -o addr show dev lo"], { netns: "host" });
    expect(host.stdout).toMatch(/^0{31}1 01 80 10 80 +lo$/m);
    expect(host.stdout).toMatch(/lo\s+inet 127\.0\.0\.1\/8/);
  }, 120_000);

  it("keeps containers on different bridges apart", async () => {
    const a = iface("br-left", 23, 2);
    const server = await startContainer(agent, ["nc", "-l", "-p", "7000"], { network: { interfaces: [a] } });
    try {
      const started = performance.now();
      const other = await runToEnd(agent, ["sh", "-c", `echo x | nc -w 5 ${ipOf(a)} 7000; echo rc=$?`], {
        network: { interfaces: [iface("br-right", 24, 2)] },
      });
      figures["refused across bridges after"] = `${Math.round(performance.now() - started)} ms (container start included)`;
      expect(other.stdout).toMatch(/rc=1/);
      expect(other.stderr).toMatch(/can't connect|unreachable|timed out/i);
      // the same address from the same bridge does answer (the server is there)
      const same = await runToEnd(agent, ["sh", "-c", `echo hi | nc ${ipOf(a)} 7000; echo rc=$?`], {
        network: { interfaces: [iface("br-left", 23, 3)] },
      });
      expect(same.stdout).toMatch(/rc=0/);
      expect((await server.exited).exitCode).toBe(0);
      expect(server.output.stdout).toBe("hi\n");
    } finally {
      await agent.delete(server.id);
      server.output.detach();
    }
  }, 120_000);

  it("relays DNS queries to 127.0.0.11 as stream 3 datagrams and delivers the answers", async () => {
    const dnsHandle = newHandle();
    const questions: { peer: number[]; name: string; type: number }[] = [];
    const detach = agent.attachDatagrams(dnsHandle, (peer, message) => {
      const { name, type, answer } = dnsAnswer(message, [10, 1, 2, 3]);
      questions.push({ peer: [...peer.subarray(0, 4)], name, type });
      void agent.sendDatagram(dnsHandle, peer, answer);
    });
    try {
      const run = await runToEnd(agent, ["nslookup", "berth-test-name", "127.0.0.11"], {
        network: { dnsHandle, interfaces: [iface("br-dns", 25, 2)] },
      });
      expect(run.exit.exitCode).toBe(0);
      expect(run.stdout).toMatch(/Name:\s+berth-test-name\s+Address:\s+10\.1\.2\.3/);
      expect(questions.some((q) => q.name === "berth-test-name" && q.type === 1)).toBe(true);
      expect(questions.every((q) => q.peer.join(".") === "127.0.0.1")).toBe(true);
    } finally {
      detach();
    }
  }, 120_000);

  it("sends stream 3 datagrams for peers outside 127/8 from the forwarding socket and relays what comes back to it", async () => {
    // Busybox has no UDP server, but its tftp client is a UDP peer: it asks the forwarding socket's
    // port for a file (a datagram the worker gets), and takes the worker's DATA reply from there.
    const dnsHandle = newHandle();
    const received: { peer: string; message: Uint8Array }[] = [];
    const peerText = (peer: Uint8Array) => `${[...peer.subarray(0, 4)].join(".")}:${(peer[4]! << 8) | peer[5]!}`;
    const detach = agent.attachDatagrams(dnsHandle, (peer, message) => {
      received.push({ peer: peerText(peer), message });
      const readRequest = message[0] === 0 && message[1] === 1;
      if (readRequest) void agent.sendDatagram(dnsHandle, peer, Uint8Array.from([0, 3, 0, 1, ...new TextEncoder().encode("forwarded\n")]));
    });
    const asker = iface("br-fwd", 32, 2);
    const box = await startContainer(agent, ["sleep", "1000"], { network: { dnsHandle, interfaces: [asker] } });
    try {
      // The first datagram to a non-loopback peer gives the forwarding socket its port.
      await agent.sendDatagram(dnsHandle, Uint8Array.from([172, 32, 0, 9, 0, 9]), Uint8Array.from([1]));
      const sockets = (await execToEnd(agent, box.id, ["cat", "/proc/net/udp"])).stdout;
      expect(sockets).toContain("0B00007F:0035");
      const portHex = /^\s*\d+: 00000000:([0-9A-F]{4}) /m.exec(sockets)?.[1];
      expect(portHex).toBeDefined();
      const port = parseInt(portHex!, 16);
      const peer = await runToEnd(agent, ["sh", "-c", `tftp -g -r greeting -l /tmp/greeting ${ipOf(asker)} ${port} && cat /tmp/greeting`], {
        network: { interfaces: [iface("br-fwd", 32, 3)] },
      });
      expect(peer.stderr).toBe("");
      expect(peer.stdout).toBe("forwarded\n");
      expect(peer.exit.exitCode).toBe(0);
      const request = received.find(({ message }) => message[1] === 1)!;
      expect(request.peer).toMatch(/^172\.32\.0\.3:\d+$/);
      expect(text(request.message)).toContain("greeting");
      expect(received.every(({ peer }) => peer.startsWith("172.32.0.3:"))).toBe(true);
    } finally {
      detach();
      await agent.delete(box.id);
      box.output.detach();
    }
  }, 120_000);

  it("fetches small and 1 MiB files from a container's httpd over TCP_CONNECT", async () => {
    const a = iface("br-tcp", 26, 2);
    const script =
      "mkdir /www && echo small-file > /www/small && dd if=/dev/urandom of=/www/big bs=1024 count=1024 2>/dev/null && " +
      "sha256sum /www/big && exec httpd -f -p 8080 -h /www";
    const box = await startContainer(agent, ["sh", "-c", script], { network: { interfaces: [a] } });
    try {
      await box.output.until((c) => /[0-9a-f]{64}/.test(c.stdout));
      const digest = box.output.stdout.slice(0, 64);
      expect(text(httpBody(await httpGet(agent, box, ipOf(a), "/small")))).toBe("small-file\n");
      const started = performance.now();
      const big = httpBody(await httpGet(agent, box, ipOf(a), "/big"));
      const seconds = (performance.now() - started) / 1000;
      figures["TCP_CONNECT download of 1 MiB"] = `${Math.round(seconds * 1000)} ms (${(1 / seconds).toFixed(1)} MiB/s)`;
      expect(big.length).toBe(1024 * 1024);
      expect(createHash("sha256").update(big).digest("hex")).toBe(digest);

      // TCP_CLOSE resets a connection and frees its handle at once; an unknown handle is fine
      const held = new OutputCollector(agent);
      await agent.tcpConnect({ id: box.id, handle: held.handle, address: ipOf(a), port: 8080 });
      await agent.tcpClose(held.handle);
      await agent.tcpClose(held.handle);
      await agent.tcpConnect({ id: box.id, handle: held.handle, address: ipOf(a), port: 8080 });
      await agent.tcpClose(held.handle);
      held.detach();

      // a closed port answers an error at once
      const refusedAt = performance.now();
      await expect(agent.tcpConnect({ id: box.id, handle: newHandle(), address: ipOf(a), port: 9 })).rejects.toThrow(
        `TCP_CONNECT: connect ${ipOf(a)}:9: Connection refused`,
      );
      const refusedMs = Math.round(performance.now() - refusedAt);
      figures["TCP_CONNECT to a closed port refused after"] = `${refusedMs} ms`;
      expect(refusedMs).toBeLessThan(2000);

      // DELETE ends the container's connections: stream 1 gets its EOF
      const open = new OutputCollector(agent);
      await agent.tcpConnect({ id: box.id, handle: open.handle, address: ipOf(a), port: 8080 });
      await agent.delete(box.id);
      await open.until((c) => c.eofs.includes(1), 10_000);
      open.detach();
    } finally {
      await agent.delete(box.id).catch(() => {});
      box.output.detach();
    }
  }, 180_000);

  it("reports a reset from the peer on stream 2, then stream 1's EOF", async () => {
    const a = iface("br-reset", 31, 2);
    // the server accepts and then never reads: killed, it leaves unread bytes, so its kernel resets
    const box = await startContainer(agent, ["nc", "-l", "-p", "7000", "-e", "sleep", "1000"], { network: { interfaces: [a] } });
    const conn = new OutputCollector(agent);
    try {
      await connectWhenListening(agent, { id: box.id, handle: conn.handle, address: ipOf(a), port: 7000 });
      await agent.writeStdin(conn.handle, new TextEncoder().encode("unread bytes\n"));
      await sleep(500);
      await agent.signal(box.id, 9);
      await conn.until((c) => c.eofs.includes(1), 10_000);
      expect(conn.stderr).toBe("Connection reset by peer");
      expect(conn.stdout).toBe("");
      // the agent forgot the handle: a new connect on it fails only for want of a server
      await expect(agent.tcpConnect({ id: box.id, handle: conn.handle, address: ipOf(a), port: 7000 })).rejects.toThrow(
        `TCP_CONNECT: connect ${ipOf(a)}:7000: `,
      );
    } finally {
      conn.detach();
      await agent.delete(box.id);
      box.output.detach();
      await agent.removeBridge("br-reset");
    }
  }, 120_000);

  it("removes the veth pair and the netns file when the init exits", async () => {
    const before = await guestView(agent, "none");
    const box = await startContainer(agent, ["sh", "-c", "read line"], { network: { interfaces: [iface("br-gone", 27, 2)] }, stdinOpen: true });
    try {
      const during = await guestView(agent, box.id);
      const added = during.links.filter((link) => !before.links.includes(link));
      expect(added).toEqual(expect.arrayContaining(["br-gone", expect.stringMatching(/^veth[0-9a-f]{7}$/)]));
      expect(during.bundle).toContain("netns");
      await agent.closeStdin(box.output.handle);
      expect((await box.exited).exitCode).toBe(1);
      const after = await guestView(agent, box.id);
      expect(after.links.filter((link) => /^veth/.test(link) && added.includes(link))).toEqual([]);
      expect(after.bundle).not.toContain("netns");
      expect(after.links).toContain("br-gone");
    } finally {
      await agent.delete(box.id);
      box.output.detach();
    }
    await agent.removeBridge("br-gone");
    expect((await guestView(agent, "none")).links).not.toContain("br-gone");
    await agent.removeBridge("br-gone");
    await expect(agent.removeBridge("lo")).rejects.toThrow("BRIDGE_REMOVE: lo is not a bridge");
  }, 180_000);

  it("WRITE_FILE rewrites a bind-mounted /etc/hosts in place", async () => {
    const id = newContainerId();
    const mounts: Mount[] = [{ destination: "/etc/hosts", type: "bind", source: `/run/berth/${id}/hosts`, options: ["rbind", "rprivate"] }];
    const configJson = ociConfig({
      args: ["sh", "-c", "cat /etc/hosts; echo ---; read line; cat /etc/hosts"],
      hostname: "hosts",
      cgroup: `/berth/${id}`,
      extraMounts: mounts,
    });
    await agent.create({ id, rootfs: NET_ROOTFS, configJson });
    const output = new OutputCollector(agent);
    try {
      await agent.writeBundleFile(id, "hosts", "127.0.0.1\tlocalhost\n172.21.0.9\tfirst\n");
      await expect(agent.writeBundleFile(id, "passwd" as "hosts", "x")).rejects.toThrow(/not a writable bundle file: passwd/);
      const exited = nextExit(agent, id);
      await agent.start({ id, handle: output.handle, tty: false, stdinOpen: true });
      await output.until((c) => c.stdout.includes("---"));
      await agent.writeBundleFile(id, "hosts", new TextEncoder().encode("127.0.0.1\tlocalhost\n172.21.0.10\tsecond\n"));
      await agent.writeStdin(output.handle, new TextEncoder().encode("go\n"));
      expect((await exited).exitCode).toBe(0);
      expect(output.stdout).toBe("127.0.0.1\tlocalhost\n172.21.0.9\tfirst\n---\n127.0.0.1\tlocalhost\n172.21.0.10\tsecond\n");
    } finally {
      await agent.delete(id);
      output.detach();
    }
  }, 120_000);

  it("NET_CONNECT adds an interface to a running container and NET_DISCONNECT removes it", async () => {
    const first = iface("br-first", 28, 2);
    const second = iface("br-second", 29, 2, "eth1");
    const box = await startContainer(agent, ["nc", "-l", "-p", "7000"], { network: { interfaces: [first] } });
    try {
      await agent.connectNetwork(box.id, second);
      await expect(agent.connectNetwork(box.id, second)).rejects.toThrow(/already has an interface eth1/);
      const shown = await execToEnd(agent, box.id, ["ip", "-4", "-o", "addr"]);
      expect(shown.stdout).toMatch(/eth1\s+inet 172\.29\.0\.2\/16 brd 172\.29\.255\.255/);
      // a container on the second network reaches it there
      const peer = await runToEnd(agent, ["sh", "-c", `echo over-eth1 | nc ${ipOf(second)} 7000; echo rc=$?`], {
        network: { interfaces: [iface("br-second", 29, 3)] },
      });
      expect(peer.stdout).toMatch(/rc=0/);
      expect((await box.exited).exitCode).toBe(0);
      expect(box.output.stdout).toBe("over-eth1\n");
    } finally {
      await agent.delete(box.id);
      box.output.detach();
    }
    const again = await startContainer(agent, ["sleep", "100"], { network: { interfaces: [first] } });
    try {
      await agent.connectNetwork(again.id, second);
      await agent.disconnectNetwork(again.id, "eth1");
      await expect(agent.disconnectNetwork(again.id, "eth1")).rejects.toThrow(/has no interface eth1/);
      const shown = await execToEnd(agent, again.id, ["cat", "/proc/net/dev"]);
      expect(shown.stdout).not.toContain("eth1");
      expect(shown.stdout).toContain("eth0");
    } finally {
      await agent.delete(again.id);
      again.output.detach();
    }
    await expect(agent.connectNetwork(again.id, second)).rejects.toThrow(/no such container/);
    await agent.removeBridge("br-first");
    await agent.removeBridge("br-second");
  }, 180_000);

  it("fails START cleanly on a bad network setup", async () => {
    await expect(
      startContainer(agent, ["true"], { network: { interfaces: [{ ...iface("br-bad", 30, 2), address: "172.30.0.300/16" }] } }),
    ).rejects.toThrow(/START: network: invalid address/);
    const view = await guestView(agent, "none");
    expect(view.links).not.toContain("br-bad");
  }, 60_000);
});
