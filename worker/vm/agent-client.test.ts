import { afterEach, describe, expect, it, vi } from "vitest";
import { AgentClient, AgentError, AgentTimeoutError, type AgentExit, type OutputStreamId } from "./agent-client.ts";
import {
  FrameDecoder,
  Op,
  ProtocolError,
  StdioStream,
  decodeControl,
  decodeStdio,
  encodeControl,
  encodeFrame,
  encodeStdio,
  fieldText,
  type ControlField,
  type ControlMessage,
} from "./agent-protocol.ts";
import type { ByteChannel } from "./byte-channel.ts";

/** The guest end of one port: records what the client wrote and lets the test send bytes back. */
class FakeChannel implements ByteChannel {
  readonly written: Uint8Array[] = [];
  readonly #decoder = new FrameDecoder();
  readonly #listeners = new Set<(bytes: Uint8Array) => void>();
  onWrite: (body: Uint8Array) => void = () => {};

  async write(bytes: Uint8Array): Promise<void> {
    for (const body of this.#decoder.push(bytes)) {
      this.written.push(body);
      this.onWrite(body);
    }
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  send(bytes: Uint8Array): void {
    for (const listener of this.#listeners) listener(bytes);
  }
}

function setup(options?: { requestTimeoutMs?: number }) {
  const control = new FakeChannel();
  const stdio = new FakeChannel();
  const client = new AgentClient(control, stdio, options);
  const reply = (message: ControlMessage, ...fields: ControlField[]) =>
    control.send(encodeFrame(encodeControl(Op.Result, message.requestId, fields)));
  /** Answers every request with `answer(message)`'s fields. */
  const respondWith = (answer: (message: ControlMessage) => ControlField[]) => {
    control.onWrite = (body) => {
      const message = decodeControl(body);
      queueMicrotask(() => reply(message, ...answer(message)));
    };
  };
  const event = (op: number, ...fields: ControlField[]) => control.send(encodeFrame(encodeControl(op, 0, fields)));
  const output = (handle: number, stream: number, data: string) =>
    stdio.send(encodeFrame(encodeStdio(handle, stream, new TextEncoder().encode(data))));
  return { client, control, stdio, reply, respondWith, event, output };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("AgentClient requests", () => {
  it("pings with a fresh request id and resolves on RESULT ok", async () => {
    const { client, control, respondWith } = setup();
    respondWith(() => ["ok"]);
    await client.ping();
    await client.ping();
    const sent = control.written.map(decodeControl);
    expect(sent.map((message) => message.op)).toEqual([Op.Ping, Op.Ping]);
    expect(sent[0]!.requestId).not.toBe(0);
    expect(sent[1]!.requestId).not.toBe(sent[0]!.requestId);
  });

  it("parses INFO", async () => {
    const { client, respondWith } = setup();
    respondWith(() => ["ok", "6.1.0-berth", "#1 SMP", "268435456", "1", "crun", "1.8.1", "2"]);
    expect(await client.info()).toEqual({
      kernelRelease: "6.1.0-berth",
      kernelVersion: "#1 SMP",
      memTotalBytes: 268_435_456,
      cpus: 1,
      runtimeName: "crun",
      runtimeVersion: "1.8.1",
      cgroupVersion: "2",
    });
  });

  it("sends CREATE fields in protocol order", async () => {
    const { client, control, respondWith } = setup();
    respondWith(() => ["ok"]);
    await client.create({ id: "c0ffee", rootfs: "images/ab/rootfs", configJson: '{"ociVersion":"1.0.2"}' });
    const message = decodeControl(control.written[0]!);
    expect(message.op).toBe(Op.Create);
    expect(message.fields.map(fieldText)).toEqual(["c0ffee", "images/ab/rootfs", '{"ociVersion":"1.0.2"}']);
  });

  it("encodes START and EXEC (which return the pid), SIGNAL, RESIZE, PAUSE, RESUME and DELETE", async () => {
    const { client, control, respondWith } = setup();
    respondWith(() => ["ok", "42"]);
    expect(await client.start({ id: "c1", handle: 7, tty: true, stdinOpen: false })).toBe(42);
    expect(
      await client.exec({ id: "c1", processId: "e-1", handle: 8, processJson: '{"args":["sh"]}', tty: false, stdinOpen: true }),
    ).toBe(42);
    await client.signal("c1", 15);
    await client.signal("c1", 2, "e-1");
    await client.resize("c1", 120, 40);
    await client.resize("c1", 80, 24, "e-1");
    await client.pause("c1");
    await client.resume("c1");
    await client.delete("c1");
    const sent = control.written.map(decodeControl);
    expect(sent.map((message) => [message.op, ...message.fields.map(fieldText)])).toEqual([
      [Op.Start, "c1", "7", "1", "0"],
      [Op.Exec, "c1", "e-1", "8", '{"args":["sh"]}', "0", "1"],
      [Op.Signal, "c1", "15", ""],
      [Op.Signal, "c1", "2", "e-1"],
      [Op.Resize, "c1", "120", "40", ""],
      [Op.Resize, "c1", "80", "24", "e-1"],
      [Op.Pause, "c1"],
      [Op.Resume, "c1"],
      [Op.Delete, "c1"],
    ]);
  });

  it("parses STATS", async () => {
    const { client, control, respondWith } = setup();
    respondWith(() => ["ok", "1500", "4096000", "8388608", "3", "0", "12288", "1"]);
    expect(await client.stats("c1")).toEqual({
      cpuUsageMicros: 1500,
      memoryCurrent: 4_096_000,
      memoryLimit: 8_388_608,
      pidsCurrent: 3,
      pidsLimit: 0,
      inactiveFile: 12_288,
      oomKills: 1,
    });
    expect(decodeControl(control.written[0]!).op).toBe(Op.Stats);
  });

  it("rejects a short STATS result", async () => {
    const { client, respondWith } = setup();
    respondWith(() => ["ok", "1", "2"]);
    await expect(client.stats("c1")).rejects.toBeInstanceOf(ProtocolError);
  });

  it("parses TOP, keeping tabs and spaces inside the command", async () => {
    const { client, respondWith } = setup();
    respondWith(() => ["ok", "100 1700000000", "5\t0\t0\t42\t7\t0\tS\tsleep 1000", "9\t5\t1000\t50\t0\t34816\tR\tsh -c a\tb", "12\t5\t0\t51\t0\t0\tZ\t[sh]"]);
    expect(await client.top("c1")).toEqual({
      clockTicks: 100,
      bootTime: 1_700_000_000,
      processes: [
        { pid: 5, ppid: 0, uid: 0, startTicks: 42, cpuTicks: 7, ttyNr: 0, state: "S", command: "sleep 1000" },
        { pid: 9, ppid: 5, uid: 1000, startTicks: 50, cpuTicks: 0, ttyNr: 34_816, state: "R", command: "sh -c a\tb" },
        { pid: 12, ppid: 5, uid: 0, startTicks: 51, cpuTicks: 0, ttyNr: 0, state: "Z", command: "[sh]" },
      ],
    });
  });

  it("rejects a malformed TOP row", async () => {
    const { client, respondWith } = setup();
    respondWith(() => ["ok", "100 1", "5\t0\tS"]);
    await expect(client.top("c1")).rejects.toThrow(/malformed process row/);
  });

  it("encodes COPY_OUT and parses the path's stat, and encodes COPY_IN", async () => {
    const { client, control, respondWith } = setup();
    respondWith((message) => (message.op === Op.CopyOut ? ["ok", "hosts", "123", String(0o100644), "1700000001", ""] : ["ok"]));
    expect(await client.copyOut({ id: "c1", processId: "cp1", handle: 9, path: "/etc/hosts" })).toEqual({
      name: "hosts",
      size: 123,
      mode: 0o100644,
      mtime: 1_700_000_001,
      linkTarget: "",
    });
    await client.copyIn({ id: "c1", processId: "cp2", handle: 10, path: "/tmp" });
    const sent = control.written.map(decodeControl);
    expect(sent.map((message) => [message.op, ...message.fields.map(fieldText)])).toEqual([
      [Op.CopyOut, "c1", "cp1", "9", "/etc/hosts"],
      [Op.CopyIn, "c1", "cp2", "10", "/tmp"],
    ]);
  });

  it("sends PANIC without waiting for an answer", async () => {
    const { client, control } = setup();
    let settled = false;
    client.panic().then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(control.written.map(decodeControl).map((message) => message.op)).toEqual([Op.Panic]);
    expect(settled).toBe(false);
  });

  it("rejects PANIC when the send fails", async () => {
    const { client, control } = setup();
    control.write = () => Promise.reject(new Error("port closed"));
    await expect(client.panic()).rejects.toThrow("port closed");
  });

  it("turns RESULT error into an AgentError carrying the agent's message", async () => {
    const { client, respondWith } = setup();
    respondWith(() => ["error", "no such container: c9"]);
    const failure = client.start({ id: "c9", handle: 1, tty: false, stdinOpen: false });
    await expect(failure).rejects.toBeInstanceOf(AgentError);
    await expect(failure).rejects.toThrow("no such container: c9");
  });

  it("matches results to requests by id, in any order", async () => {
    const { client, control, reply } = setup();
    const first = client.exec({ id: "a", processId: "p", handle: 1, processJson: "{}", tty: false, stdinOpen: false });
    const second = client.exec({ id: "b", processId: "p", handle: 2, processJson: "{}", tty: false, stdinOpen: false });
    await Promise.resolve();
    const [a, b] = control.written.map(decodeControl);
    reply(b!, "ok", "200");
    reply(a!, "ok", "100");
    expect(await first).toBe(100);
    expect(await second).toBe(200);
  });

  it("times out unanswered requests and ignores their late results", async () => {
    vi.useFakeTimers();
    const { client, control, reply } = setup({ requestTimeoutMs: 1000 });
    const ping = client.ping();
    const rejection = expect(ping).rejects.toBeInstanceOf(AgentTimeoutError);
    await vi.advanceTimersByTimeAsync(1000);
    await rejection;
    reply(decodeControl(control.written[0]!), "ok");
  });

  it("accepts a per-call ping timeout", async () => {
    vi.useFakeTimers();
    const { client } = setup({ requestTimeoutMs: 60_000 });
    const rejection = expect(client.ping(50)).rejects.toThrow(/PING within 50 ms/);
    await vi.advanceTimersByTimeAsync(50);
    await rejection;
  });

  it("handles results split across chunks and merged with events", async () => {
    const { client, control } = setup();
    const exits: AgentExit[] = [];
    client.onExit((exit) => exits.push(exit));
    const ping = client.ping();
    await Promise.resolve();
    const { requestId } = decodeControl(control.written[0]!);
    const bytes = new Uint8Array([
      ...encodeFrame(encodeControl(Op.Exit, 0, ["c1", 3, "", "0"])),
      ...encodeFrame(encodeControl(Op.Result, requestId, ["ok"])),
    ]);
    for (const byte of bytes) control.send(Uint8Array.of(byte));
    await ping;
    expect(exits).toEqual([{ containerId: "c1", processId: "", exitCode: 3, oomKilled: false }]);
  });
});

describe("AgentClient events", () => {
  it("reports READY with the agent version", () => {
    const { client, event } = setup();
    const versions: string[] = [];
    client.onReady((version) => versions.push(version));
    event(Op.Ready, "1.0");
    expect(versions).toEqual(["1.0"]);
  });

  it("reports EXIT of inits and exec processes, with the OOM verdict, and stops after unsubscribe", () => {
    const { client, event } = setup();
    const exits: AgentExit[] = [];
    const unsubscribe = client.onExit((exit) => exits.push(exit));
    event(Op.Exit, "c1", 137, "", "1");
    event(Op.Exit, "c1", 2, "exec-7", "0");
    event(Op.Exit, "c3", 0); // fields a version 1 agent sent
    unsubscribe();
    event(Op.Exit, "c2", 0, "", "0");
    expect(exits).toEqual([
      { containerId: "c1", processId: "", exitCode: 137, oomKilled: true },
      { containerId: "c1", processId: "exec-7", exitCode: 2, oomKilled: false },
      { containerId: "c3", processId: "", exitCode: 0, oomKilled: false },
    ]);
  });

  it("keeps decoding when a listener throws", async () => {
    const { client, event } = setup();
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown) => thrown.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const exits: string[] = [];
      client.onExit(() => {
        throw new Error("listener bug");
      });
      client.onExit((exit) => exits.push(exit.containerId));
      event(Op.Exit, "c1", 0);
      event(Op.Exit, "c2", 0);
      expect(exits).toEqual(["c1", "c2"]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(thrown.length).toBeGreaterThan(0);
  });

  it("fails pending requests and later calls on malformed control data", async () => {
    const { client, control } = setup();
    const failures: Error[] = [];
    client.onFailure((error) => failures.push(error));
    const ping = client.ping();
    control.send(encodeFrame(Uint8Array.of(0x80, 1)));
    await expect(ping).rejects.toBeInstanceOf(ProtocolError);
    await expect(client.delete("x")).rejects.toBeInstanceOf(ProtocolError);
    expect(failures.length).toBe(1);
  });

  it("fails on an oversize frame from the guest", async () => {
    const { client, control } = setup();
    const ping = client.ping();
    control.send(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    await expect(ping).rejects.toThrow(/exceeds/);
  });

  it("rejects everything after dispose", async () => {
    const { client } = setup();
    const ping = client.ping();
    client.dispose(new Error("vm stopped"));
    await expect(ping).rejects.toThrow("vm stopped");
    await expect(client.writeStdin(1, Uint8Array.of(1))).rejects.toThrow("vm stopped");
  });
});

describe("AgentClient stdio", () => {
  it("routes stdout, stderr and EOF to the handle's sink", () => {
    const { client, output } = setup();
    const seen: string[] = [];
    const decoder = new TextDecoder();
    client.attachOutput(5, {
      data: (stream: OutputStreamId, bytes) => seen.push(`${stream}:${decoder.decode(bytes)}`),
      eof: (stream) => seen.push(`${stream}:EOF`),
    });
    output(5, StdioStream.Stdout, "hello\n");
    output(6, StdioStream.Stdout, "not mine");
    output(5, StdioStream.Stderr, "warn");
    output(5, StdioStream.Stdout, "");
    output(5, StdioStream.Stderr, "");
    expect(seen).toEqual(["1:hello\n", "2:warn", "1:EOF", "2:EOF"]);
  });

  it("drops output after detaching", () => {
    const { client, output } = setup();
    const seen: number[] = [];
    const detach = client.attachOutput(1, { data: (stream) => seen.push(stream), eof: () => {} });
    detach();
    output(1, StdioStream.Stdout, "x");
    expect(seen).toEqual([]);
  });

  it("writes stdin in bounded pieces that reassemble to the input", async () => {
    const { client, stdio } = setup();
    const data = Uint8Array.from({ length: 200_000 }, (_, i) => i % 253);
    await client.writeStdin(9, data);
    const messages = stdio.written.map(decodeStdio);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((message) => message.handle === 9 && message.stream === StdioStream.Stdin)).toBe(true);
    expect(messages.every((message) => message.data.length > 0 && message.data.length <= 64 * 1024)).toBe(true);
    expect(Buffer.compare(Buffer.concat(messages.map((message) => message.data)), data)).toBe(0);
  });

  it("sends nothing for empty stdin data and an empty frame to close", async () => {
    const { client, stdio } = setup();
    await client.writeStdin(3, new Uint8Array(0));
    expect(stdio.written).toEqual([]);
    await client.closeStdin(3);
    expect(stdio.written.map(decodeStdio)).toEqual([{ handle: 3, stream: StdioStream.Stdin, data: new Uint8Array(0) }]);
  });
});

describe("AgentClient networking", () => {
  const eth0 = { name: "eth0", bridge: "br-0123456789ab", gateway: "172.18.0.1/16", address: "172.18.0.2/16", mac: "02:42:ac:12:00:02" };

  it("sends START's network setup as a fifth field only when given", async () => {
    const { client, control, respondWith } = setup();
    respondWith(() => ["ok", "7"]);
    await client.start({ id: "c1", handle: 1, tty: false, stdinOpen: false });
    await client.start({ id: "c1", handle: 2, tty: false, stdinOpen: false, network: { interfaces: [] } });
    await client.start({
      id: "c1",
      handle: 3,
      tty: false,
      stdinOpen: false,
      network: { dnsHandle: 40, interfaces: [eth0, { ...eth0, name: "eth1", bridge: "docker0", gateway: "172.17.0.1/16", address: "172.17.0.5/16", mac: "02:42:ac:11:00:05" }] },
    });
    const sent = control.written.map(decodeControl).map((message) => message.fields.map(fieldText));
    expect(sent).toEqual([
      ["c1", "1", "0", "0"],
      ["c1", "2", "0", "0", ""],
      [
        "c1",
        "3",
        "0",
        "0",
        "dns 40\neth eth0 br-0123456789ab 172.18.0.1/16 172.18.0.2/16 02:42:ac:12:00:02\neth eth1 docker0 172.17.0.1/16 172.17.0.5/16 02:42:ac:11:00:05",
      ],
    ]);
  });

  it("encodes NET_CONNECT, NET_DISCONNECT, BRIDGE_REMOVE, WRITE_FILE, TCP_CONNECT and TCP_CLOSE", async () => {
    const { client, control, respondWith } = setup();
    respondWith(() => ["ok"]);
    await client.connectNetwork("c1", eth0);
    await client.disconnectNetwork("c1", "eth0");
    await client.removeBridge("br-0123456789ab");
    await client.writeBundleFile("c1", "hosts", "127.0.0.1\tlocalhost\n");
    await client.writeBundleFile("c1", "resolv.conf", Uint8Array.of(0x6e, 0x0a));
    await client.tcpConnect({ id: "c1", handle: 12, address: "172.18.0.2", port: 80 });
    await client.tcpClose(12);
    const sent = control.written.map(decodeControl);
    expect(sent.map((message) => [message.op, ...message.fields.map(fieldText)])).toEqual([
      [Op.NetConnect, "c1", "eth eth0 br-0123456789ab 172.18.0.1/16 172.18.0.2/16 02:42:ac:12:00:02"],
      [Op.NetDisconnect, "c1", "eth0"],
      [Op.BridgeRemove, "br-0123456789ab"],
      [Op.WriteFile, "c1", "hosts", "127.0.0.1\tlocalhost\n"],
      [Op.WriteFile, "c1", "resolv.conf", "n\n"],
      [Op.TcpConnect, "c1", "12", "172.18.0.2", "80"],
      [Op.TcpClose, "12"],
    ]);
  });

  it("refuses an interface field that would break the line format, sending nothing", async () => {
    const { client, control } = setup();
    await expect(client.connectNetwork("c1", { ...eth0, name: "eth0\neth eth9" })).rejects.toBeInstanceOf(ProtocolError);
    await expect(
      client.start({ id: "c1", handle: 1, tty: false, stdinOpen: false, network: { interfaces: [{ ...eth0, mac: "" }] } }),
    ).rejects.toBeInstanceOf(ProtocolError);
    expect(control.written).toEqual([]);
  });

  it("reports a failed TCP_CONNECT with the agent's message", async () => {
    const { client, respondWith } = setup();
    respondWith(() => ["error", "connect 172.18.0.2:81: Connection refused"]);
    await expect(client.tcpConnect({ id: "c1", handle: 1, address: "172.18.0.2", port: 81 })).rejects.toThrow(
      "TCP_CONNECT: connect 172.18.0.2:81: Connection refused",
    );
  });
});

describe("AgentClient datagrams", () => {
  const peer = Uint8Array.of(127, 0, 0, 1, 0x9c, 0x41);

  it("routes stream 3 to the handle's listener as peer and message, until detached", () => {
    const { client, stdio } = setup();
    const seen: [number[], string][] = [];
    const detach = client.attachDatagrams(40, (from, message) => seen.push([[...from], new TextDecoder().decode(message)]));
    const datagram = (handle: number, text: string) =>
      stdio.send(encodeFrame(encodeStdio(handle, StdioStream.Datagram, Uint8Array.from([...peer, ...new TextEncoder().encode(text)]))));
    datagram(40, "query");
    datagram(41, "other handle");
    detach();
    datagram(40, "after detach");
    expect(seen).toEqual([[[127, 0, 0, 1, 0x9c, 0x41], "query"]]);
  });

  it("fails the connection on a datagram shorter than its peer", async () => {
    const { client, stdio } = setup();
    const failures: Error[] = [];
    client.onFailure((error) => failures.push(error));
    stdio.send(encodeFrame(encodeStdio(40, StdioStream.Datagram, Uint8Array.of(1, 2, 3))));
    expect(failures.map((error) => error.message)).toEqual(["datagram of 3 bytes has no peer"]);
  });

  it("sends a datagram on stream 3 after its peer, and refuses a peer of the wrong size", async () => {
    const { client, stdio } = setup();
    await client.sendDatagram(40, peer, Uint8Array.of(0xab, 0xcd));
    expect(stdio.written.map(decodeStdio)).toEqual([{ handle: 40, stream: StdioStream.Datagram, data: Uint8Array.from([...peer, 0xab, 0xcd]) }]);
    await expect(client.sendDatagram(40, peer.subarray(0, 4), Uint8Array.of(1))).rejects.toBeInstanceOf(ProtocolError);
    expect(stdio.written.length).toBe(1);
  });
});
