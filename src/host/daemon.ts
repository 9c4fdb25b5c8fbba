// `berth daemon`: starts the engine on its own thread, brings the guest up, and serves the Docker
// Engine API on each socket asked for. SIGINT or SIGTERM stops the running containers gracefully
// and ends; a second signal ends at once.

import { chmod, mkdir, readFile, rm } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import type { Duplex } from "node:stream";
import type { EngineApi } from "../api/engine-api.ts";
import { ApiServer } from "./api-server.ts";
import { BrowserAccess } from "./browser-access.ts";
import type { DaemonOptions, Listener } from "./daemon-options.ts";
import { startEngineThread, byReference } from "./engine-thread.ts";
import { sendErrorResponse, writeRawErrorResponse } from "./error-response.ts";
import { isWebSocketUpgrade, StdioSockets } from "./stdio-sockets.ts";

const siteDirectory = fileURLToPath(new URL("../../public/", import.meta.url));
/** How long each running container gets to stop on shutdown, as `docker stop` gives by default. */
const shutdownStopSeconds = 10;

export interface RunningDaemon {
  engine: EngineApi;
  /** The sockets, as -H spells them (a tcp port 0 is replaced by the port bound). */
  addresses: string[];
  token: string | undefined;
  /** Stops containers gracefully, closes the sockets and ends the engine. */
  shutdown(): Promise<void>;
}

export async function startDaemon(options: DaemonOptions, say: (line: string) => void): Promise<RunningDaemon> {
  await mkdir(options.stateDirectory, { recursive: true });
  const thread = startEngineThread({ stateDirectory: options.stateDirectory, siteDirectory, egress: options.egress, allowEgress: options.allowEgress });
  const { engine } = thread;
  const started = Date.now();
  const booting = await engine.engineStart({ memory: options.memoryBytes }, byReference({ report: (progress) => void (options.debug && say(`boot: ${progress.message}`)) }));
  const boot = await booting.done();
  say(`berth daemon: guest ready by ${boot.path === "snapshot-restore" ? "snapshot restore" : "cold boot"} in ${boot.milliseconds} ms (${Date.now() - started} ms since start), ${boot.memoryMiB} MiB of memory`);

  const api = new ApiServer({ engine, byReference, logRequest: options.debug ? (line) => say(line) : undefined });
  const access = new BrowserAccess(options.allowedOrigins);
  const sockets = new StdioSockets({ engine, byReference, logRequest: options.debug ? (line) => say(line) : undefined });
  const tls = options.tls && {
    ca: await readFile(options.tls.caFile),
    cert: await readFile(options.tls.certFile),
    key: await readFile(options.tls.keyFile),
    requestCert: true,
    rejectUnauthorized: true,
  };
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    try {
      access.admit(request, response);
    } catch (error) {
      return sendErrorResponse(response, error);
    }
    if (request.method === "OPTIONS") return access.answerPreflight(response);
    void api.handleRequest(request, response);
  };
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      access.admit(request);
    } catch (error) {
      return writeRawErrorResponse(socket, error);
    }
    if (isWebSocketUpgrade(request)) return sockets.handleUpgrade(request, socket, head);
    void api.handleUpgrade(request, socket, head);
  };

  const servers: Server[] = [];
  const addresses: string[] = [];
  for (const listener of options.listeners) {
    const server = listener.kind === "tcp" && tls ? createHttpsServer(tls) : createHttpServer();
    server.on("request", onRequest);
    server.on("upgrade", onUpgrade);
    addresses.push(await listen(server, listener));
    servers.push(server);
  }
  for (const address of addresses) say(`API listening on ${address}${options.tls && address.startsWith("tcp://") ? " (mutual TLS)" : ""}`);
  if (access.token) say(`browser pages from ${options.allowedOrigins.join(", ")} may call with: Authorization: Bearer ${access.token}`);

  return {
    engine,
    addresses,
    token: access.token,
    async shutdown() {
      for (const server of servers) server.close();
      await stopRunningContainers(engine, say);
      await thread.terminate();
      for (const listener of options.listeners) if (listener.kind === "unix") await rm(listener.path, { force: true });
    },
  };
}

async function listen(server: Server, listener: Listener): Promise<string> {
  if (listener.kind === "unix") {
    await removeStaleSocket(listener.path);
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(listener.path, resolve));
    // The socket is the user's own, as the daemon is.
    await chmod(listener.path, 0o600);
    return `unix://${listener.path}`;
  }
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(listener.port, listener.host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : listener.port;
  return `tcp://${listener.host.includes(":") ? `[${listener.host}]` : listener.host}:${port}`;
}

/** A socket file left by a daemon that died is removed; one that still answers means another daemon runs. */
async function removeStaleSocket(path: string): Promise<void> {
  const answers = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (answers) throw new Error(`another daemon is listening on ${path}`);
  await rm(path, { force: true });
}

async function stopRunningContainers(engine: EngineApi, say: (line: string) => void): Promise<void> {
  const running = await engine.containerList({}).catch(() => []);
  if (running.length > 0) say(`stopping ${running.length} running container(s)`);
  await Promise.all(running.map((container) => engine.containerStop({ id: container.Id, t: shutdownStopSeconds }).catch(() => undefined)));
}
