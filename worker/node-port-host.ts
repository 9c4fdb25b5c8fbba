// `berth daemon`'s published ports: a real TCP listener on the host for each port the engine
// claims, as dockerd's userland proxy has. Each accepted connection is relayed through the engine's
// PortConnect stream (the same one the page's preview uses): the client's bytes go on only once the
// engine has taken the previous ones, half-closes pass both ways, and a reset on one side resets
// the other. A port published without an address (Docker shows 0.0.0.0) listens on loopback only,
// so that a container is not reachable from the network unless its address says so.

import { createServer, type Server, type Socket } from "node:net";
import type { OutputSink, StreamConnection } from "../src/api/engine-api.ts";
import { EngineError } from "../src/api/errors.ts";
import type { PortHost, PublishedPort } from "./networks/published-ports.ts";

/** Opens the engine's stream to the container behind a published host port. */
export type PortConnect = (hostPort: number, sink: OutputSink) => Promise<StreamConnection>;

const unspecifiedAddresses = new Set(["", "0.0.0.0", "::"]);

/** Docker's words for the listen errors a port can meet. */
const listenErrors: Record<string, string> = {
  EADDRINUSE: "address already in use",
  EACCES: "permission denied",
  EADDRNOTAVAIL: "cannot assign requested address",
};

interface Listener {
  server: Server;
  sockets: Set<Socket>;
}

export class NodePortHost implements PortHost {
  readonly #listeners = new Map<number, Listener>();

  constructor(
    private readonly connect: PortConnect,
    /** Where a port published without an address listens. */
    readonly unspecifiedAddress = "127.0.0.1",
  ) {}

  async open(port: PublishedPort): Promise<void> {
    const address = unspecifiedAddresses.has(port.hostIp) ? this.unspecifiedAddress : port.hostIp;
    const listener: Listener = { server: createServer({ allowHalfOpen: true, pauseOnConnect: true }), sockets: new Set() };
    listener.server.on("connection", (socket: Socket) => {
      listener.sockets.add(socket);
      socket.on("close", () => listener.sockets.delete(socket));
      void this.#relay(socket, port.hostPort);
    });
    await new Promise<void>((resolve, reject) => {
      listener.server.once("error", (error: NodeJS.ErrnoException) => {
        const family = address.includes(":") ? `tcp6 [${address}]` : `tcp4 ${address}`;
        reject(new EngineError("system", `Error starting userland proxy: listen ${family}:${port.hostPort}: bind: ${listenErrors[error.code ?? ""] ?? error.message}`));
      });
      listener.server.listen({ host: address, port: port.hostPort, exclusive: true }, resolve);
    });
    this.#listeners.set(port.hostPort, listener);
  }

  /** Stops listening and drops the port's connections. */
  close(port: PublishedPort): void {
    const listener = this.#listeners.get(port.hostPort);
    if (!listener) return;
    this.#listeners.delete(port.hostPort);
    listener.server.close();
    for (const socket of listener.sockets) socket.destroy();
  }

  async #relay(socket: Socket, hostPort: number): Promise<void> {
    socket.on("error", () => undefined);
    const sink: OutputSink = {
      write: (_stream, data) =>
        new Promise<void>((written) => {
          if (data.length === 0) socket.end(written);
          else socket.write(data, () => written());
        }),
    };
    let connection: StreamConnection;
    try {
      connection = await this.connect(hostPort, sink);
    } catch {
      // The container refused: so does the port, as a proxy that cannot reach its backend does.
      socket.resetAndDestroy();
      return;
    }
    let over = false;
    socket.on("data", (bytes: Buffer) => {
      socket.pause();
      connection.write(new Uint8Array(bytes)).then(
        () => socket.resume(),
        () => socket.resetAndDestroy(),
      );
    });
    socket.on("end", () => void connection.closeWrite().catch(() => socket.resetAndDestroy()));
    socket.on("close", () => {
      if (!over) void connection.close();
    });
    connection.done().then(
      () => {
        over = true;
        socket.end();
      },
      () => {
        over = true;
        socket.resetAndDestroy();
      },
    );
    socket.resume();
  }
}
