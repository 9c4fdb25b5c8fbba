import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { attachEgressRelay } from "../../src/proxy/egress/node-egress.ts";
import { WispCloseReason } from "../../src/proxy/egress/wisp-packets.ts";
import { WispClient, type WebSocketLike } from "./wisp-client.ts";

// The engine's client against the real relay in front of a real TCP echo server on loopback.
let relay: Server;
let echo: TcpServer;
let echoPort: number;

beforeAll(async () => {
  echo = createTcpServer((socket) => socket.on("error", () => undefined).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as AddressInfo).port;
  relay = createServer();
  attachEgressRelay(relay, { path: "/egress", allowEgress: [`127.0.0.1:${echoPort}`], allowRegistries: [] });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
});

afterAll(() => {
  relay.close();
  echo.close();
});

const relayUrl = (): string => `ws://127.0.0.1:${(relay.address() as AddressInfo).port}/egress`;

function streamTo(client: WispClient, host: string, port: number) {
  const received: Uint8Array[] = [];
  let closedWith: number | undefined;
  const opened = client.open(host, port, { data: (bytes) => received.push(Uint8Array.from(bytes)), closed: (reason) => (closedWith = reason) });
  return { opened, received, closed: () => closedWith };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("WispClient", () => {
  it("carries several megabytes through the relay intact, within the relay's credit", async () => {
    const client = new WispClient(() => new WebSocket(relayUrl()) as unknown as WebSocketLike);
    const stream = streamTo(client, "127.0.0.1", echoPort);
    const payload = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 253);
    (await stream.opened).write(payload);
    const echoed = await until(() => {
      const total = stream.received.reduce((sum, chunk) => sum + chunk.length, 0);
      return total >= payload.length ? Buffer.concat(stream.received) : undefined;
    }, 20_000);
    expect(createHash("sha256").update(echoed).digest("hex")).toBe(createHash("sha256").update(payload).digest("hex"));
    expect(stream.closed()).toBeUndefined();
  });

  it("hears a refusal as the stream's close reason, and fails to open when the relay is down", async () => {
    const client = new WispClient(() => new WebSocket(relayUrl()) as unknown as WebSocketLike);
    const refused = streamTo(client, "127.0.0.1", 1);
    await refused.opened;
    expect(await until(() => refused.closed())).toBe(WispCloseReason.Blocked);

    const unreachable = new WispClient(() => new WebSocket("ws://127.0.0.1:1/egress") as unknown as WebSocketLike);
    await expect(streamTo(unreachable, "127.0.0.1", echoPort).opened).rejects.toThrow("the egress relay cannot be reached");
  });
});
