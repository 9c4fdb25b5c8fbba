import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { attachEgressRelay } from "./node-egress.ts";
import { decodeWispPacket, encodeWispPacket, WispCloseReason, WispStreamType, WispType, type WispPacket } from "./wisp-packets.ts";

// A real relay (http server + ws) in front of a real TCP echo server on loopback, driven by a real
// WebSocket client speaking WISP.
let relay: Server;
let echo: TcpServer;
let echoPort: number;
let closedPort: number;
const logLines: string[] = [];

beforeAll(async () => {
  echo = createTcpServer((socket) => socket.on("error", () => undefined).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as AddressInfo).port;
  const unused = createTcpServer();
  await new Promise<void>((resolve) => unused.listen(0, "127.0.0.1", resolve));
  closedPort = (unused.address() as AddressInfo).port;
  await new Promise<void>((resolve) => unused.close(() => resolve()));

  relay = createServer((_request, response) => response.end());
  attachEgressRelay(relay, {
    path: "/egress",
    allowEgress: [`127.0.0.1:${echoPort}`, `localhost:${closedPort}`],
    allowRegistries: [],
    // Stands in for DNS: a public mirror's name that points at loopback must still be refused.
    resolve: async (hostname) => (hostname === "localhost" ? ["127.0.0.1"] : hostname === "deb.debian.org" ? ["127.0.0.1"] : []),
    limits: { streamBytes: 4 * 1024 * 1024 },
    log: (line) => logLines.push(line),
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
});

afterAll(() => {
  relay.close();
  echo.close();
});

class WispClient {
  readonly packets: WispPacket[] = [];
  #waiters: (() => void)[] = [];
  constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      this.packets.push(decodeWispPacket(new Uint8Array(data))!);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }
  static async open(): Promise<WispClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${(relay.address() as AddressInfo).port}/egress`);
    const client = new WispClient(socket);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    return client;
  }
  send(packet: WispPacket): void {
    this.socket.send(encodeWispPacket(packet));
  }
  async until<T>(find: (packets: WispPacket[]) => T | undefined, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(this.packets);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out; packets: ${JSON.stringify(this.packets.map((p) => [p.type, p.streamId]))}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
  closeOf(streamId: number): Promise<number> {
    return this.until((packets) => packets.find((p) => p.type === WispType.Close && p.streamId === streamId)).then((p) => (p as { reason: number }).reason);
  }
}

describe("the egress relay under Node", () => {
  it("announces its buffer, then relays a megabyte both ways intact under its flow control", async () => {
    const client = await WispClient.open();
    const initial = await client.until((packets) => packets.find((p) => p.type === WispType.Continue && p.streamId === 0));
    const buffer = (initial as { bufferRemaining: number }).bufferRemaining;
    expect(buffer).toBeGreaterThan(0);

    client.send({ type: WispType.Connect, streamId: 7, streamType: WispStreamType.Tcp, port: echoPort, host: "127.0.0.1" });
    const payload = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) % 251);
    let credit = buffer;
    for (let offset = 0; offset < payload.length; offset += 16 * 1024) {
      while (credit === 0) {
        const grants = client.packets.filter((p) => p.type === WispType.Continue && p.streamId === 7).length;
        await client.until((packets) => (packets.filter((p) => p.type === WispType.Continue && p.streamId === 7).length > grants ? true : undefined));
        credit = buffer;
      }
      client.send({ type: WispType.Data, streamId: 7, data: payload.subarray(offset, offset + 16 * 1024) });
      credit -= 1;
    }
    const echoed = await client.until((packets) => {
      const data = packets.filter((p) => p.type === WispType.Data && p.streamId === 7).map((p) => (p as { data: Uint8Array }).data);
      const total = data.reduce((sum, chunk) => sum + chunk.length, 0);
      return total >= payload.length ? Buffer.concat(data) : undefined;
    });
    expect(createHash("sha256").update(echoed).digest("hex")).toBe(createHash("sha256").update(payload).digest("hex"));
    client.socket.close();
  });

  it("refuses hosts off the allowlist and public names that resolve to private addresses, at once", async () => {
    const client = await WispClient.open();
    const started = Date.now();
    client.send({ type: WispType.Connect, streamId: 1, streamType: WispStreamType.Tcp, port: 22, host: "127.0.0.1" });
    client.send({ type: WispType.Connect, streamId: 2, streamType: WispStreamType.Tcp, port: 443, host: "deb.debian.org" });
    client.send({ type: WispType.Connect, streamId: 3, streamType: WispStreamType.Tcp, port: 443, host: "example.org" });
    expect(await client.closeOf(1)).toBe(WispCloseReason.Blocked);
    expect(await client.closeOf(2)).toBe(WispCloseReason.Blocked);
    expect(await client.closeOf(3)).toBe(WispCloseReason.Blocked);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(logLines.join("\n")).toContain("127.0.0.1:22 is not on the egress allowlist");
    expect(logLines.join("\n")).toContain("deb.debian.org resolves to the private address 127.0.0.1");
    client.socket.close();
  });

  it("reports a refused connection and closes a stream that passes its byte cap", async () => {
    const client = await WispClient.open();
    client.send({ type: WispType.Connect, streamId: 4, streamType: WispStreamType.Tcp, port: closedPort, host: "localhost" });
    expect(await client.closeOf(4)).toBe(WispCloseReason.Refused);

    client.send({ type: WispType.Connect, streamId: 5, streamType: WispStreamType.Tcp, port: echoPort, host: "127.0.0.1" });
    const chunk = new Uint8Array(64 * 1024);
    for (let i = 0; i < 80; i++) client.send({ type: WispType.Data, streamId: 5, data: chunk });
    expect(await client.closeOf(5)).toBe(WispCloseReason.Throttled);
    client.socket.close();
  });
});
