// Port path experiment (issue 11): v86's own NIC path beside the agent channel, in one run on one
// guest. The guest runs the experiment kernel (test/bench/nic-kernel.sh: production config plus
// images/kernel/nic.config) with v86's virtio network card on its "fetch" adapter. A container in the
// guest's root network namespace gives eth0 the address the adapter expects and serves busybox httpd
// (a small page and a 5 MiB file) and a busybox nc sink. The worker side reaches the same servers
// - through the agent: TCP_CONNECT and the connection's stdio frames over virtio-console (what
//   PortConnect does for a published port), and
// - through v86: the fetch adapter's connect(port), a TCP stack in JavaScript speaking Ethernet
//   frames to the guest's virtio-net driver.
// Figures: sequential requests/s for the small page (a new connection each), MB/s for the big file
// (checked by SHA-256) and MB/s for an upload into the nc sink.
// Run: bash test/bench/nic-kernel.sh && node --import tsx test/bench/nic-path-figures.ts
// (BERTH_NIC_KERNEL names another bzImage; BERTH_NIC_MTU sets the card's MTU, default 1500).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AgentClient } from "../../worker/vm/agent-client.ts";
import { GuestVm } from "../../worker/vm/guest-vm.ts";
import type { V86Emulator, V86Options } from "../../worker/vm/v86-surface.ts";
import { OutputCollector, busyboxRootfs, guestVmInputs, newContainerId, nextExit, ociConfig } from "../integration/guest-fixture.ts";
import { NET_ROOTFS } from "../integration/guest-network-fixture.ts";

const kernelPath = process.env.BERTH_NIC_KERNEL ?? "/var/tmp/berth-images-nic/bzImage-nic";
const mtu = Number(process.env.BERTH_NIC_MTU ?? 1500);
/** v86's fetch adapter sends to this address (its default vm_ip) from 192.168.86.1. */
const guestAddress = "192.168.86.100";
const httpPort = 8080;
const sinkPort = 9000;
const blockBytes = 65536;
const bigBlocks = 80;
const uploadBlocks = Number(process.env.BERTH_NIC_UPLOAD_BLOCKS ?? 16);
const smallRequests = Number(process.env.BERTH_NIC_REQUESTS ?? 20);
const rounds = Number(process.env.BERTH_NIC_ROUNDS ?? 5);
/** BERTH_NIC_SYN_MSS: an MSS option added to the SYN of connect(), which v86 sends without one. */
const synMss = process.env.BERTH_NIC_SYN_MSS ? Number(process.env.BERTH_NIC_SYN_MSS) : undefined;
const agentPorts = process.env.BERTH_NIC_AGENT_PORTS === "vport" ? "vport" : "hvc";

/** A TCP connection of v86's fake network stack (src/browser/fake_network.js, TCPConnection). */
interface V86TcpConnection {
  /** Takes one parsed segment from the guest. */
  process(packet: V86TcpPacket): void;
  on(event: "connect" | "shutdown" | "close", handler: () => void): void;
  on(event: "data", handler: (data: Uint8Array) => void): void;
  write(data: Uint8Array): void;
  close(): void;
}

interface V86TcpPacket {
  tcp: { fin: boolean; psh?: boolean; seq: number };
  tcp_data: Uint8Array;
}

type NicEmulator = V86Emulator & { network_adapter: { connect(port: number): V86TcpConnection; receive(frame: Uint8Array): void } };

/** One request/response exchange: connect, send `request`, collect until the peer's EOF. */
type Exchange = (port: number, request: Uint8Array) => Promise<Uint8Array>;

export interface PathFigures {
  /** Each run of the sequential small requests. */
  requests: Sample[];
  big: Sample[];
  upload: Sample[];
}

export interface NicPathFigures {
  mtu: number;
  smallRequests: number;
  bigBytes: number;
  uploadBytes: number;
  agent: PathFigures;
  nic: PathFigures;
  /** The largest TCP payload the guest sent through the NIC (its MSS towards v86's stack). */
  nicLargestSegment: number;
}

/** VIRTIO_CONSOLE_CONSOLE_PORT, which v86 sends for every port the guest reports ready. */
const CONSOLE_PORT_EVENT = 4;

/**
 * Variant of the agent channel (BERTH_NIC_AGENT_PORTS=vport): v86 declares no port a console, so the
 * guest's agent opens /dev/vport0p1 and /dev/vport0p2 (whole-buffer reads, writes of up to 32 KiB)
 * instead of the hvc ttys (16-byte reads, 2 KiB writes). Experiment only: production keeps hvc.
 */
function keepPortsOffConsole(emulator: NicEmulator): void {
  type Console = { SendEvent(port: number, event: number, value: number): void };
  const device = (emulator.v86 as unknown as { cpu: { devices: { virtio_console: Console } } }).cpu.devices.virtio_console;
  const send = device.SendEvent.bind(device);
  device.SendEvent = (port, event, value) => {
    if (!(event === CONSOLE_PORT_EVENT && port > 0)) send(port, event, value);
  };
}

/** The Internet checksum of `bytes` (even length), starting from `sum`. */
function internetChecksum(bytes: Uint8Array, sum = 0): number {
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * Variant (BERTH_NIC_SYN_MSS): v86's connect() sends its SYN without an MSS option, so Linux sends
 * it segments of the default 536 bytes. This adds the option to that SYN on its way to the guest.
 */
function announceMss(adapter: NicEmulator["network_adapter"], mss: number): void {
  const receive = adapter.receive.bind(adapter);
  adapter.receive = (frame) => {
    const ip = 14;
    const tcp = ip + 20;
    const isBareSyn = frame.length === tcp + 20 && frame[12] === 0x08 && frame[13] === 0 && frame[ip] === 0x45 && frame[ip + 9] === 6 && frame[tcp + 13] === 0x02;
    if (!isBareSyn) return receive(frame);
    const out = new Uint8Array(frame.length + 4);
    out.set(frame);
    out.set([2, 4, mss >> 8, mss & 0xff], tcp + 20);
    const view = new DataView(out.buffer);
    view.setUint16(ip + 2, 20 + 24);
    view.setUint16(ip + 10, 0);
    view.setUint16(ip + 10, internetChecksum(out.subarray(ip, tcp)));
    out[tcp + 12] = 6 << 4;
    view.setUint16(tcp + 16, 0);
    const pseudo = internetChecksum(out.subarray(ip + 12, ip + 20), 6 + 24);
    view.setUint16(tcp + 16, internetChecksum(out.subarray(tcp), ~pseudo & 0xffff));
    receive(out);
  };
}

/** Boots the experiment kernel with v86's virtio NIC on the fetch adapter; returns the emulator too. */
async function bootNicGuest(): Promise<{ vm: GuestVm; agent: AgentClient; emulator: NicEmulator }> {
  const inputs = await guestVmInputs();
  const kernel = readFileSync(kernelPath);
  const kernelName = "bzImage-nic";
  const manifest = {
    ...inputs.manifest,
    kernel: kernelName,
    sha256: { ...inputs.manifest.sha256, [kernelName]: createHash("sha256").update(kernel).digest("hex") },
  };
  const loadAsset = (name: string) =>
    name === kernelName ? Promise.resolve(kernel.buffer.slice(kernel.byteOffset, kernel.byteOffset + kernel.byteLength) as ArrayBuffer) : inputs.loadAsset(name);
  let emulator: NicEmulator | undefined;
  const Base = inputs.runtime.V86;
  // GuestMachine builds the production options; the experiment adds the network card to them.
  const V86 = class extends Base {
    constructor(options: V86Options) {
      super({ ...options, net_device: { type: "virtio", relay_url: "fetch", mtu } } as V86Options);
      emulator = this as unknown as NicEmulator;
      this.add_listener("emulator-loaded", () => {
        if (synMss !== undefined) announceMss(emulator!.network_adapter, synMss);
        if (agentPorts === "vport") keepPortsOffConsole(emulator!);
      });
    }
  };
  const vm = new GuestVm({ manifest, loadAsset, runtime: { ...inputs.runtime, V86 }, watchdog: false });
  try {
    const boot = await vm.boot();
    await boot.files.writeTree(NET_ROOTFS, busyboxRootfs());
    return { vm, agent: boot.agent, emulator: emulator! };
  } catch (error) {
    console.error(vm.serialLog());
    await vm.dispose();
    throw error;
  }
}

/**
 * The servers, in a container in the guest's root network namespace (where eth0 is) allowed to
 * configure it. Resolves with the container id and the big file's SHA-256 once both listen.
 */
async function startServers(agent: AgentClient): Promise<{ id: string; bigDigest: string }> {
  const id = newContainerId();
  const sink = `nc -ll -p ${sinkPort} -e sh -c "dd of=/dev/null bs=${blockBytes} count=${uploadBlocks} iflag=fullblock 2>&1"`;
  const script = [
    // v86 starts every connection at sequence number 1337: a SYN that meets one of the guest's
    // TIME_WAIT sockets (same random source port) would be taken for an old duplicate.
    "echo 0 > /proc/sys/net/ipv4/tcp_max_tw_buckets",
    `ip link set eth0 mtu ${mtu} up`,
    `ip addr add ${guestAddress}/24 dev eth0`,
    "mkdir /www",
    "echo '<h1>bench</h1>' > /www/index.html",
    `dd if=/dev/urandom of=/www/big.bin bs=${blockBytes} count=${bigBlocks} 2>/dev/null`,
    "sha256sum /www/big.bin",
    `(${sink} &)`,
    `exec httpd -f -p ${httpPort} -h /www`,
  ].join(" && ");
  const config = JSON.parse(ociConfig({ args: ["sh", "-c", script], hostname: "nicbench", cgroup: `/berth/${id}`, netns: "host" })) as {
    process: { capabilities: Record<string, string[]> };
  };
  for (const set of Object.values(config.process.capabilities)) set.push("CAP_NET_ADMIN");
  await agent.create({ id, rootfs: NET_ROOTFS, configJson: JSON.stringify(config) });
  const output = new OutputCollector(agent);
  const exited = nextExit(agent, id);
  void exited.then((exit) => console.error(`server container exited (${exit.exitCode}): ${output.stdout}${output.stderr}`));
  await agent.start({ id, handle: output.handle, tty: false, stdinOpen: false });
  await output.until((collected) => /^[0-9a-f]{64} /m.test(collected.stdout), 120_000);
  const bigDigest = output.stdout.match(/^([0-9a-f]{64}) /m)![1]!;
  // httpd and nc start right after the digest is printed.
  for (let attempt = 0; ; attempt++) {
    try {
      await agentExchange(agent, id)(httpPort, httpGet("/index.html"));
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return { id, bigDigest };
}

let nextHandle = 0x5800_0000;

/** The agent path: TCP_CONNECT from the guest's root namespace, bytes as stdio frames. */
function agentExchange(agent: AgentClient, containerId: string): Exchange {
  return async (port, request) => {
    const response = new OutputCollector(agent, nextHandle++);
    try {
      await agent.tcpConnect({ id: containerId, handle: response.handle, address: guestAddress, port });
      await agent.writeStdin(response.handle, request);
      await response.until((collected) => collected.eofs.includes(1), 300_000);
      if (response.stderr) throw new Error(`agent connection: ${response.stderr}`);
      await agent.closeStdin(response.handle);
      return response.stdoutBytes();
    } finally {
      response.detach();
    }
  };
}

/** The NIC path: v86's fetch adapter connects to the guest's eth0 address. */
function nicExchange(emulator: NicEmulator, segments: { largest: number }): Exchange {
  return (port, request) =>
    new Promise((resolve, reject) => {
      const connection = emulator.network_adapter.connect(port);
      splitFinWithData(connection);
      const chunks: Uint8Array[] = [];
      const stalled = setTimeout(() => {
        const { state, seq, ack } = connection as unknown as Record<string, unknown>;
        reject(new Error(`NIC connection to port ${port} stalled (state ${String(state)}, seq ${String(seq)}, ack ${String(ack)}, ${chunks.length} segments in)`));
      }, 120_000);
      connection.on("connect", () => connection.write(request));
      connection.on("data", (data) => {
        chunks.push(data);
        segments.largest = Math.max(segments.largest, data.length);
      });
      connection.on("shutdown", () => {
        clearTimeout(stalled);
        connection.close();
        resolve(new Uint8Array(Buffer.concat(chunks)));
      });
      connection.on("close", () => {
        clearTimeout(stalled);
        reject(new Error(`NIC connection to port ${port} reset`));
      });
    });
}

/**
 * v86 0.5's TCPConnection.process handles a FIN before looking at the segment's payload, so the last
 * bytes lost when Linux sets FIN on its final data segment (it usually does). The experiment hands
 * such a segment over as two: the data, then the FIN after it.
 */
function splitFinWithData(connection: V86TcpConnection): void {
  const process = connection.process.bind(connection);
  connection.process = (packet) => {
    if (!packet.tcp.fin || packet.tcp_data.length === 0) return process(packet);
    process({ ...packet, tcp: { ...packet.tcp, fin: false } });
    process({ ...packet, tcp: { ...packet.tcp, psh: false, seq: (packet.tcp.seq + packet.tcp_data.length) >>> 0 }, tcp_data: new Uint8Array(0) });
  };
}

const httpGet = (path: string) => new TextEncoder().encode(`GET ${path} HTTP/1.0\r\n\r\n`);

/** The body of a 200 response. */
function httpBody(response: Uint8Array): Uint8Array {
  const text = Buffer.from(response);
  if (!/^HTTP\/1\.[01] 200 /.test(text.subarray(0, 16).toString("latin1"))) throw new Error(`not a 200 response: ${text.subarray(0, 80).toString("latin1")}`);
  return response.subarray(text.indexOf("\r\n\r\n") + 4);
}

/**
 * One measured piece of work: wall time, the main thread's CPU time (the emulator and the host side
 * of both paths run there; less skewed than wall time by the machine's other load) and guest
 * instructions (v86's counter; a `rep movs` counts once, so copies weigh little).
 */
export interface Sample {
  ms: number;
  cpuMs: number;
  instructions: number;
}

/** utime + stime of this thread (Linux, 100 clock ticks per second), in ms. */
function mainThreadCpuMs(): number {
  const stat = readFileSync("/proc/thread-self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measured<T>(vm: GuestVm, work: () => Promise<T>): Promise<Sample & { value: T }> {
  const before = vm.instructionCount();
  const cpu = mainThreadCpuMs();
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, cpuMs: mainThreadCpuMs() - cpu, instructions: (vm.instructionCount() - before) >>> 0, value };
}

async function measurePath(vm: GuestVm, exchange: Exchange, bigDigest: string, upload: Uint8Array, figures: PathFigures): Promise<void> {
  const requests = await measured(vm, async () => {
    for (let i = 0; i < smallRequests; i++) {
      const page = Buffer.from(await exchange(httpPort, httpGet("/index.html")));
      if (!page.toString().includes("<h1>bench</h1>")) throw new Error(`wrong small page: ${JSON.stringify(page.toString("latin1"))}`);
    }
  });
  figures.requests.push(requests);
  const big = await measured(vm, () => exchange(httpPort, httpGet("/big.bin")));
  const body = httpBody(big.value);
  const digest = createHash("sha256").update(body).digest("hex");
  if (digest !== bigDigest) throw new Error(`big.bin arrived with SHA-256 ${digest} (${body.length} bytes), expected ${bigDigest}`);
  figures.big.push(big);
  const sent = await measured(vm, () => exchange(sinkPort, upload));
  const report = Buffer.from(sent.value).toString();
  if (!report.includes(`${uploadBlocks}+0 records in`)) throw new Error(`the sink did not get ${uploadBlocks} blocks: ${report}`);
  figures.upload.push(sent);
}

export async function measureNicPath(): Promise<NicPathFigures> {
  const { vm, agent, emulator } = await bootNicGuest();
  try {
    const { id, bigDigest } = await startServers(agent);
    const segments = { largest: 0 };
    const paths = { agent: agentExchange(agent, id), nic: nicExchange(emulator, segments) };
    const upload = new Uint8Array(uploadBlocks * blockBytes).map((_, i) => (i * 131) % 251);
    const figures: Pick<NicPathFigures, "agent" | "nic"> = {
      agent: { requests: [], big: [], upload: [] },
      nic: { requests: [], big: [], upload: [] },
    };
    // v86's JIT needs a round to warm up the guest code each path runs (the first round's wall
    // times were up to 20× the later ones): one round on each path is left out. The paths then
    // alternate, each going first in every other round.
    for (let round = -1; round < rounds; round++) {
      const order = round % 2 === 0 ? (["agent", "nic"] as const) : (["nic", "agent"] as const);
      for (const name of order) {
        const samples: PathFigures = round < 0 ? { requests: [], big: [], upload: [] } : figures[name];
        await measurePath(vm, paths[name], bigDigest, upload, samples).catch((error: Error) => {
          throw new Error(`${name} path: ${error.message}`);
        });
      }
    }
    return { mtu, smallRequests, bigBytes: bigBlocks * blockBytes, uploadBytes: uploadBlocks * blockBytes, ...figures, nicLargestSegment: segments.largest };
  } finally {
    await vm.dispose();
  }
}

/** The figures as rows: figure, agent channel, v86 NIC, note (wall times of every run, median guest instructions). */
export function nicPathRows(figures: NicPathFigures): string[][] {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const ms = (samples: Sample[]) => median(samples.map((sample) => sample.ms));
  const perSecond = (samples: Sample[]) => `${(figures.smallRequests / (ms(samples) / 1000)).toFixed(1)} requests/s`;
  const rate = (bytes: number, samples: Sample[]) => `${(bytes / 1e6 / (ms(samples) / 1000)).toFixed(2)} MB/s`;
  const mib = (bytes: number) => `${bytes / 2 ** 20} MiB`;
  const note = (agent: Sample[], nic: Sample[], per = 1) => {
    const walls = (samples: Sample[]) => samples.map((sample) => Math.round(sample.ms)).join("/");
    const cpu = (samples: Sample[]) => `${Math.round(median(samples.map((sample) => sample.cpuMs)) / per)} ms`;
    const guest = (samples: Sample[]) => `${(median(samples.map((sample) => sample.instructions)) / per / 1e6).toFixed(2)} M`;
    const each = per > 1 ? " per request" : "";
    return `wall ms: agent ${walls(agent)}, NIC ${walls(nic)}; CPU time${each}: agent ${cpu(agent)}, NIC ${cpu(nic)}; guest instructions${each}: agent ${guest(agent)}, NIC ${guest(nic)}`;
  };
  const { agent, nic } = figures;
  return [
    [`HTTP GET of a small page, ${figures.smallRequests} sequential, new connection each`, perSecond(agent.requests), perSecond(nic.requests), note(agent.requests, nic.requests, figures.smallRequests)],
    [`HTTP GET of a ${mib(figures.bigBytes)} file (SHA-256 checked)`, rate(figures.bigBytes, agent.big), rate(figures.bigBytes, nic.big), `${note(agent.big, nic.big)}; largest segment from the guest through the NIC: ${figures.nicLargestSegment} B`],
    [`Upload of ${mib(figures.uploadBytes)} into busybox nc`, rate(figures.uploadBytes, agent.upload), rate(figures.uploadBytes, nic.upload), note(agent.upload, nic.upload)],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await measureNicPath();
  console.log(`NIC MTU ${figures.mtu}, SYN MSS ${synMss ?? "none"}, agent ports ${agentPorts}; medians of ${rounds} alternating rounds after a warm-up round`);
  console.log(["| figure | agent channel | v86 NIC | note |", "| --- | --- | --- | --- |", ...nicPathRows(figures).map((row) => `| ${row.join(" | ")} |`)].join("\n"));
  process.exit(0);
}
