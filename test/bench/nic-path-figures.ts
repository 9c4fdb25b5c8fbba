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
// The NIC path needs workarounds for defects of v86's stack (test/bench/v86-nic.ts). Figures and the
// decision: docs/bench.md, "Port path: v86 NIC vs agent channel".
// Run: bash test/bench/nic-kernel.sh && node --import tsx test/bench/nic-path-figures.ts
// (BERTH_NIC_KERNEL names another bzImage; BERTH_NIC_MTU sets the card's MTU, default 1500;
// BERTH_NIC_ROUNDS, BERTH_NIC_REQUESTS, BERTH_NIC_UPLOAD_BLOCKS the amounts; the variants
// BERTH_NIC_SYN_MSS=1460 is described in v86-nic.ts).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AgentClient } from "../../worker/vm/agent-client.ts";
import { GuestVm } from "../../worker/vm/guest-vm.ts";
import type { V86Options } from "../../worker/vm/v86-surface.ts";
import { OutputCollector, busyboxRootfs, guestVmInputs, newContainerId, nextExit, ociConfig } from "../integration/guest-fixture.ts";
import { NET_ROOTFS } from "../integration/guest-network-fixture.ts";
import { announceMss, repairSegmentHandling, type NicEmulator } from "./v86-nic.ts";

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
      repairSegmentHandling(connection);
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
  console.log(`NIC MTU ${figures.mtu}, SYN MSS ${synMss ?? "none"}; medians of ${rounds} alternating rounds after a warm-up round`);
  console.log(["| figure | agent channel | v86 NIC | note |", "| --- | --- | --- | --- |", ...nicPathRows(figures).map((row) => `| ${row.join(" | ")} |`)].join("\n"));
  process.exit(0);
}
