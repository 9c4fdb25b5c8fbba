// The daemon's listeners with real sockets on loopback, relaying through the real PortConnect
// connector; a socket-backed stand-in for the guest agent connects to a real local server in place
// of the container's.

import { createHash, randomBytes } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { LoopbackTcpAgent } from "../test/unit/loopback-tcp-agent.ts";
import { PortConnector } from "./networks/port-connection.ts";
import { PublishedPorts, type PublishedPort } from "./networks/published-ports.ts";
import { NodePortHost } from "./node-port-host.ts";

const cleanups: (() => Promise<unknown> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server, host = "127.0.0.1", port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The daemon's side: the port table with real listeners, connections relayed by the engine's connector. */
function daemon() {
  const agent = new LoopbackTcpAgent();
  let ports!: PublishedPorts;
  const host = new NodePortHost((hostPort, sink) => connector.connect(String(hostPort), sink));
  ports = new PublishedPorts(host);
  const connector = new PortConnector({ ports, runningContainer: () => ({ agent, stopped: new Promise(() => undefined) }) });
  cleanups.push(() => ports.release("web"));
  return { ports, agent };
}

const published = (hostPort: number, containerPort: number, hostIp = "0.0.0.0"): PublishedPort => ({
  hostIp,
  hostPort,
  containerId: "web",
  containerAddress: "127.0.0.1",
  containerPort,
  protocol: "tcp",
});

/** Connects to the published port, sends `request`, half-closes and reads everything back. */
function exchange(port: number, request: Buffer | string, host = "127.0.0.1"): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(chunks)));
    socket.on("error", reject);
    socket.end(request);
  });
}

/** The container's server: answers with a digest of all it received, once the client has half-closed. */
function digestServer(): Server {
  return createServer({ allowHalfOpen: true }, (socket: Socket) => {
    const hash = createHash("sha256");
    socket.on("data", (chunk: Buffer) => hash.update(chunk));
    socket.on("end", () => socket.end(hash.digest("hex")));
  });
}

describe("the daemon's published ports", () => {
  it("listens on loopback by default and relays both ways with half-closes", async () => {
    const containerPort = await listen(digestServer());
    const { ports } = daemon();
    const [claimed] = await ports.claim([published(await freePort(), containerPort)]);
    const upload = randomBytes(3 * 1024 * 1024);
    expect((await exchange(claimed.hostPort, upload)).toString()).toBe(createHash("sha256").update(upload).digest("hex"));
  });

  it("passes a large download intact", async () => {
    const body = randomBytes(5 * 1024 * 1024);
    const containerPort = await listen(createServer((socket) => socket.end(body)));
    const { ports } = daemon();
    const hostPort = await freePort();
    await ports.claim([published(hostPort, containerPort)]);
    expect(createHash("sha256").update(await exchange(hostPort, "")).digest("hex")).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("listens on the address given, and only there", async () => {
    const containerPort = await listen(digestServer());
    const { ports } = daemon();
    const hostPort = await freePort();
    await ports.claim([published(hostPort, containerPort, "127.0.0.2")]);
    expect((await exchange(hostPort, "x", "127.0.0.2")).toString()).toBe(createHash("sha256").update("x").digest("hex"));
    await expect(exchange(hostPort, "x", "127.0.0.1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("fails the claim with Docker's message when the host port is taken, and holds none of its ports", async () => {
    const taken = await listen(createServer());
    const { ports } = daemon();
    const first = await freePort();
    await expect(ports.claim([published(first, 80), published(taken, 80)])).rejects.toMatchObject({
      code: "system",
      message: `Error starting userland proxy: listen tcp4 127.0.0.1:${taken}: bind: address already in use`,
    });
    expect(ports.list()).toEqual([]);
    // The first port's listener was closed again: it can be listened on.
    await listen(createServer(), "127.0.0.1", first);
  });

  it("stops listening and drops the connections at release", async () => {
    const containerPort = await listen(createServer((socket) => socket.on("error", () => undefined)));
    const { ports, agent } = daemon();
    const hostPort = await freePort();
    await ports.claim([published(hostPort, containerPort)]);
    const client = connect({ port: hostPort, host: "127.0.0.1" });
    const closed = new Promise((resolve) => client.on("close", resolve).on("error", () => undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    ports.release("web");
    await closed;
    await expect(exchange(hostPort, "x")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(agent.openHandles).toEqual([]);
  });

  it("resets a connection the container refuses", async () => {
    const containerPort = await freePort();
    const { ports } = daemon();
    const hostPort = await freePort();
    await ports.claim([published(hostPort, containerPort)]);
    await expect(exchange(hostPort, "x")).rejects.toMatchObject({ code: "ECONNRESET" });
  });
});
