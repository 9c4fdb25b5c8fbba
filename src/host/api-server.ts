// The Docker Engine API over HTTP, served from the operation table: each request is matched to its
// operation (api-routes.ts), its query and body decoded by the declared kinds, and the engine's
// answer written back as the operation's response or stream kind says. Docker's transports for
// streams: a JSON object per line (json), Docker's multiplexed frames or the raw TTY stream
// (output), and a hijacked connection (`Upgrade: tcp`) for stdio. Errors go out as Docker's
// `{"message": …}` with the status of their code.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { apiVersion } from "../api/api-version.ts";
import type { EngineApi, MessageSink, OutputSink, OutputStream, StreamConnection } from "../api/engine-api.ts";
import { EngineError, isEngineError } from "../api/errors.ts";
import type { ContainerArchive, ContainerPathStat } from "../api/container-types.ts";
import type { OperationName } from "../api/operations.ts";
import { matchRoute, pathKnown, type RouteMatch } from "./api-routes.ts";
import { errorStatus, sendErrorResponse, writeRawErrorResponse } from "./error-response.ts";
import { outputFrame, outputContentType } from "./output-framing.ts";
import { routeArguments } from "./query-decoding.ts";
import { readRequestBody } from "./request-body.ts";

export interface ApiServerOptions {
  engine: EngineApi;
  /** Marks a sink to be called back from the engine's thread (comlink's proxy). */
  byReference<T extends object>(value: T): T;
  /** One line per request (`--debug`). */
  logRequest?(line: string): void;
}

type Call = (request: Record<string, unknown>, sink?: unknown) => Promise<unknown>;

/** How long a JSON stream holds its headers for a first message, so that an early failure still gets its HTTP status. */
const jsonHeadersGraceMs = 500;

export class ApiServer {
  constructor(private readonly options: ApiServerOptions) {}

  /** An ordinary HTTP request (node:http's "request" event). */
  async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    response.on("finish", () => this.#log(request, response.statusCode, started));
    try {
      const url = new URL(request.url ?? "/", "http://daemon");
      const match = this.#route(request.method ?? "GET", url.pathname);
      const call = this.#call(match.name);
      const body = await readRequestBody(request, match.operation.body);
      const args = this.#arguments(match, url, body, request);
      if (match.name === "systemPing") return sendPing(response, request.method === "HEAD");
      switch (match.operation.stream) {
        case "none":
          return await this.#plain(match, call, args, response);
        case "json":
          return await this.#jsonStream(call, args, request, response);
        case "output":
        case "stdio":
          return await this.#outputStream(match, call, args, request, response);
      }
    } catch (error) {
      sendErrorResponse(response, error);
    }
  }

  /** A request asking to hijack the connection (node:http's "upgrade" event): attach and exec start. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const started = Date.now();
    // Stdin may follow the request at once; it waits here until the engine's end is attached.
    socket.pause();
    let status = 101;
    try {
      const url = new URL(request.url ?? "/", "http://daemon");
      const match = this.#route(request.method ?? "GET", url.pathname);
      if (match.operation.stream !== "stdio" || request.headers.upgrade?.toLowerCase() !== "tcp") {
        throw new EngineError("invalid", `${url.pathname} cannot be upgraded to ${request.headers.upgrade ?? "nothing"}`);
      }
      socket.unshift(head);
      const body = await readRequestBody(request, match.operation.body, socket);
      const args = this.#arguments(match, url, body, request);
      const tty = await this.#isTty(match);
      await this.#hijack(this.#call(match.name), args, tty, socket);
    } catch (error) {
      status = errorStatus(error);
      writeRawErrorResponse(socket, error);
    } finally {
      this.#log(request, status, started);
    }
  }

  #route(method: string, pathname: string): RouteMatch {
    const match = matchRoute(method, pathname);
    if (match) return match;
    throw new EngineError("not-found", pathKnown(pathname) ? `method ${method} is not allowed on ${pathname}` : "page not found");
  }

  #call(name: OperationName): Call {
    const engine = this.options.engine as unknown as Record<OperationName, Call>;
    return (request, sink) => (sink === undefined ? engine[name](request) : engine[name](request, sink));
  }

  #arguments(match: RouteMatch, url: URL, body: unknown, request: IncomingMessage): Record<string, unknown> {
    const args = routeArguments(match, url.searchParams);
    for (const [property, header] of Object.entries(match.operation.headers)) {
      const value = request.headers[header.toLowerCase()];
      if (typeof value === "string") args[property] = value;
    }
    if (match.operation.body !== "none") args.body = body;
    return args;
  }

  async #plain(match: RouteMatch, call: Call, args: Record<string, unknown>, response: ServerResponse): Promise<void> {
    if (match.name === "containerWait") return this.#wait(call, args, response);
    const result = await call(args);
    if (match.name === "containerArchiveInfo") {
      response.writeHead(match.operation.status, statHeaders(result as ContainerPathStat)).end();
    } else if (match.name === "containerArchive") {
      const { stat, archive } = result as ContainerArchive;
      response.writeHead(match.operation.status, { ...statHeaders(stat), "Content-Type": "application/x-tar", "Content-Length": archive.byteLength }).end(archive);
    } else if (result instanceof Uint8Array) {
      response.writeHead(match.operation.status, { "Content-Type": "application/x-tar", "Content-Length": result.byteLength }).end(result);
    } else if (match.operation.response === "json") {
      sendJson(response, match.operation.status, result);
    } else {
      response.writeHead(match.operation.status).end();
    }
  }

  /**
   * Docker answers a wait's headers as soon as the waiter is in place, and the CLI starts the
   * container only after it has them; the body follows at the exit. The engine takes calls in
   * order, so the wait is in place before a start sent after these headers.
   */
  async #wait(call: Call, args: Record<string, unknown>, response: ServerResponse): Promise<void> {
    await this.options.engine.containerInspect({ id: args.id as string });
    const exit = call(args);
    response.writeHead(200, { "Content-Type": "application/json" });
    response.flushHeaders();
    try {
      response.end(JSON.stringify(await exit) + "\n");
    } catch (error) {
      response.end(JSON.stringify({ StatusCode: -1, Error: { Message: error instanceof Error ? error.message : String(error) } }) + "\n");
    }
  }

  async #jsonStream(call: Call, args: Record<string, unknown>, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const flushHeaders = () => {
      if (response.headersSent) return;
      response.writeHead(200, { "Content-Type": "application/json" });
      response.flushHeaders();
    };
    const sink: MessageSink<unknown> = {
      report(message) {
        flushHeaders();
        response.write(JSON.stringify(message) + "\n");
      },
    };
    const connection = (await call(args, this.options.byReference(sink))) as StreamConnection<unknown>;
    const grace = setTimeout(flushHeaders, jsonHeadersGraceMs);
    closeOnHangUp(request, response, connection);
    try {
      await connection.done();
      flushHeaders();
      response.end();
    } catch (error) {
      if (!response.headersSent) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const code = isEngineError(error) ? error.exitStatus : undefined;
      response.end(JSON.stringify({ errorDetail: { code, message }, error: message }) + "\n");
    } finally {
      clearTimeout(grace);
    }
  }

  /** Logs, or attach and exec start without hijacking (output only). */
  async #outputStream(match: RouteMatch, call: Call, args: Record<string, unknown>, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const tty = await this.#isTty(match);
    const sendHeaders = () => {
      if (response.headersSent) return;
      response.writeHead(200, { "Content-Type": outputContentType(tty) });
      response.flushHeaders();
    };
    const sink: OutputSink = {
      write(stream, data) {
        sendHeaders();
        response.write(outputFrame(stream, data, tty));
      },
    };
    const connection = (await call(args, this.options.byReference(sink))) as StreamConnection<unknown>;
    sendHeaders();
    closeOnHangUp(request, response, connection);
    await connection.done().catch(() => undefined);
    response.end();
  }

  async #hijack(call: Call, args: Record<string, unknown>, tty: boolean, socket: Duplex): Promise<void> {
    // Output may come before the 101 has gone out; it waits for it.
    const pending: Buffer[] = [];
    let upgraded = false;
    const sink: OutputSink = {
      write(stream: OutputStream, data: Uint8Array) {
        const frame = outputFrame(stream, data, tty);
        if (upgraded) socket.write(frame);
        else pending.push(frame);
      },
    };
    const connection = (await call(args, this.options.byReference(sink))) as StreamConnection<unknown>;
    socket.write(
      `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${outputContentType(tty)}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: ${apiVersion}\r\n\r\n`,
    );
    upgraded = true;
    for (const frame of pending.splice(0)) socket.write(frame);
    socket.on("data", (chunk: Buffer) => void connection.write(new Uint8Array(chunk)).catch(() => undefined));
    socket.on("end", () => void connection.closeWrite().catch(() => undefined));
    socket.on("close", () => void connection.close().catch(() => undefined));
    socket.on("error", () => void connection.close().catch(() => undefined));
    socket.resume();
    void connection
      .done()
      .catch(() => undefined)
      .finally(() => socket.end());
  }

  /** Whether the container or exec an output stream belongs to has a TTY (its output is then raw). */
  async #isTty(match: RouteMatch): Promise<boolean> {
    const id = match.params.id!;
    if (match.name === "execStart") return (await this.options.engine.execInspect({ id })).ProcessConfig.tty;
    return Boolean((await this.options.engine.containerInspect({ id })).Config.Tty);
  }

  #log(request: IncomingMessage, status: number, started: number): void {
    this.options.logRequest?.(`${request.method} ${request.url} ${status} ${Date.now() - started}ms`);
  }
}

function sendPing(response: ServerResponse, head: boolean): void {
  response.writeHead(200, {
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-cache, no-store, must-revalidate",
    Pragma: "no-cache",
    "Api-Version": apiVersion,
    "Docker-Experimental": "false",
    Ostype: "linux",
    // The classic builder: BuildKit's gRPC protocol is not served.
    "Builder-Version": "1",
  });
  response.end(head ? undefined : "OK");
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value ?? null);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

function statHeaders(stat: ContainerPathStat): Record<string, string> {
  return { "X-Docker-Container-Path-Stat": Buffer.from(JSON.stringify(stat)).toString("base64") };
}

/** A client that goes away ends the stream on the engine's side. */
function closeOnHangUp(request: IncomingMessage, response: ServerResponse, connection: StreamConnection<unknown>): void {
  const hangUp = () => {
    if (!response.writableFinished) void connection.close().catch(() => undefined);
  };
  request.socket.once("close", hangUp);
  response.once("close", hangUp);
}
