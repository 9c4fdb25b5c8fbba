import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { OutputSink } from "../../src/api/engine-api.ts";
import { LoopbackTcpAgent } from "../../test/unit/loopback-tcp-agent.ts";
import { PortConnector } from "./port-connection.ts";
import { PublishedPorts } from "./published-ports.ts";

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A real TCP server on loopback standing in for the container's; `onSocket` gets each connection. */
async function listen(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer(onSocket);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

/** Collects what the stream delivers; `ends` counts the empty writes (the container's EOF). */
function collector() {
  const chunks: Uint8Array[] = [];
  let ends = 0;
  const sink: OutputSink = {
    write(stream, data) {
      expect(stream).toBe(1);
      if (data.length === 0) ends++;
      else chunks.push(data);
    },
  };
  return { sink, text: () => Buffer.concat(chunks).toString(), ends: () => ends };
}

async function setUp(containerPort: number, options: { stopped?: Promise<unknown> } = {}) {
  const agent = new LoopbackTcpAgent();
  const ports = new PublishedPorts();
  await ports.claim([{ hostIp: "0.0.0.0", hostPort: 8080, containerId: "c".repeat(64), containerAddress: "127.0.0.1", containerPort, protocol: "tcp" }]);
  const connector = new PortConnector({
    ports,
    runningContainer: (id) => {
      expect(id).toBe("c".repeat(64));
      return { agent, stopped: options.stopped ?? new Promise(() => undefined) };
    },
  });
  return { agent, connector };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("a connection to a published port", () => {
  it("relays both ways, and ends once the client and the container have both half-closed", async () => {
    const port = await listen((socket) => {
      const received: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => received.push(chunk));
      socket.on("end", () => socket.end(`got ${Buffer.concat(received).toString()}`));
    });
    const { agent, connector } = await setUp(port);
    const output = collector();
    const stream = await connector.connect("8080", output.sink);
    await stream.write(bytes("hello "));
    await stream.write(bytes("world"));
    await stream.closeWrite();
    await stream.done();
    expect(output.text()).toBe("got hello world");
    expect(output.ends()).toBe(1);
    expect(agent.openHandles).toEqual([]);
  });

  it("keeps the client's direction open after the container's EOF", async () => {
    let heard = "";
    let heardAll!: () => void;
    const allHeard = new Promise<void>((resolve) => (heardAll = resolve));
    const serverPort = await listen((socket) => {
      socket.end("banner");
      socket.on("data", (chunk: Buffer) => (heard += chunk.toString()));
      socket.on("end", heardAll);
    });
    const { connector } = await setUp(serverPort);
    const output = collector();
    const stream = await connector.connect("8080", output.sink);
    await until(() => output.ends() === 1);
    expect(stream.ended).toBe(false);
    await stream.write(bytes("after the banner"));
    await stream.closeWrite();
    await stream.done();
    await allHeard;
    expect(output.text()).toBe("banner");
    expect(heard).toBe("after the banner");
  });

  it("resets the connection when the client hangs up", async () => {
    let serverSaw = "";
    const port = await listen((socket) => {
      socket.on("error", (error: NodeJS.ErrnoException) => (serverSaw = error.code ?? "error"));
      socket.on("close", () => (serverSaw ||= "close"));
    });
    const { agent, connector } = await setUp(port);
    const stream = await connector.connect("8080", collector().sink);
    await stream.close();
    await until(() => serverSaw !== "");
    expect(serverSaw).toBe("ECONNRESET");
    expect(agent.openHandles).toEqual([]);
  });

  it("fails with the connect error when nothing listens in the container", async () => {
    const port = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const { agent, connector } = await setUp(port);
    await expect(connector.connect("8080", collector().sink)).rejects.toMatchObject({ code: "unavailable", message: `connect 127.0.0.1:${port}: Connection refused` });
    expect(agent.openHandles).toEqual([]);
  });

  it("fails when the container stops, and drops the connection", async () => {
    let serverClosed = false;
    const port = await listen((socket) => {
      socket.on("error", () => undefined);
      socket.on("close", () => (serverClosed = true));
    });
    let stop!: () => void;
    const { connector } = await setUp(port, { stopped: new Promise<void>((resolve) => (stop = resolve)) });
    const closedBefore = await connector.connect("8080", collector().sink);
    await closedBefore.close();
    const stream = await connector.connect("8080", collector().sink);
    stop();
    await expect(stream.done()).rejects.toMatchObject({ code: "unavailable", message: `connection to 127.0.0.1:${port} reset: container cccccccccccc stopped` });
    await expect(closedBefore.done()).resolves.toBeUndefined();
    await until(() => serverClosed);
  });

  it("refuses a port no container publishes, and a port that is not one", async () => {
    const { connector } = await setUp(1);
    await expect(connector.connect("8081", collector().sink)).rejects.toMatchObject({
      code: "not-found",
      message: "no running container publishes port 8081 (publish one with docker run -p 8081:PORT)",
    });
    for (const text of ["0", "65536", "80a", ""]) await expect(connector.connect(text, collector().sink)).rejects.toMatchObject({ code: "invalid" });
  });
});
