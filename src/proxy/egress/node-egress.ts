// The egress relay under Node: WebSocket upgrades on `path` become EgressSessions whose streams are
// Node TCP sockets. Mounted beside the registry proxy on the same http server.

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { lookup } from "node:dns/promises";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData } from "ws";
import { createEgressPolicy, egressPorts, type EgressPolicyOptions } from "./egress-policy.ts";
import { EgressConnectError, EgressSession, type EgressLimits, type EgressSocket, type OpenEgressSocket } from "./egress-session.ts";

export interface NodeEgressOptions extends Omit<EgressPolicyOptions, "resolve"> {
  /** The URL path of the relay, e.g. "/egress". */
  path: string;
  limits?: Partial<EgressLimits>;
  resolve?: EgressPolicyOptions["resolve"];
  log?(line: string): void;
}

/** Serves the relay on `server`'s upgrade requests for `options.path`; other upgrades are left alone. */
export function attachEgressRelay(server: Server, options: NodeEgressOptions): void {
  const policy = createEgressPolicy({ ...options, resolve: options.resolve ?? resolveAll });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on("upgrade", (request, socket: Duplex, head) => {
    if (new URL(request.url ?? "/", "http://relay").pathname !== options.path) return;
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      const session = new EgressSession({
        policy,
        open: openNodeSocket,
        ...(options.limits ? { limits: options.limits } : {}),
        send: (message) => webSocket.send(message),
        clientBacklog: () => webSocket.bufferedAmount,
        ...(options.log ? { log: options.log } : {}),
      });
      webSocket.on("message", (data: RawData, isBinary) => {
        if (isBinary) session.receive(toBytes(data));
      });
      webSocket.on("close", () => session.end());
      webSocket.on("error", () => session.end());
    });
  });
}

/**
 * Connect middleware answering a plain GET of the relay's path with the ports containers may use
 * (`{"ports":[80,443,…]}`), so the engine knows which connections to take from its containers.
 */
export function egressInfoMiddleware(
  options: Pick<NodeEgressOptions, "path" | "allowEgress">,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const body = JSON.stringify({ ports: egressPorts(options.allowEgress) });
  return (req, res, next) => {
    if (req.method !== "GET" || new URL(req.url ?? "/", "http://relay").pathname !== options.path) return next();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
  };
}

/** The addresses a name resolves to, by the operating system's resolver. */
export async function resolveAll(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true })).map((entry) => entry.address);
}

/** A Node TCP connection to a checked address. */
export const openNodeSocket: OpenEgressSocket = (address, port, timeoutMs, events) =>
  new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new EgressConnectError("timeout", `connect ${address}:${port}: timed out`));
    }, timeoutMs);
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new EgressConnectError(error.code === "ECONNREFUSED" ? "refused" : "unreachable", `connect ${address}:${port}: ${error.message}`));
    });
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      socket.setNoDelay(true);
      socket.on("data", (bytes: Buffer) => events.data(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)));
      socket.on("drain", () => events.drain());
      socket.on("error", () => undefined);
      socket.on("close", () => events.closed());
      resolve(wrap(socket));
    });
  });

function wrap(socket: Socket): EgressSocket {
  return {
    write: (data) => void socket.write(data),
    get bufferedBytes() {
      return socket.writableLength;
    },
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
    destroy: () => void socket.destroy(),
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}
