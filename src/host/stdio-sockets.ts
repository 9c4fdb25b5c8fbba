// The stdio operations over WebSockets (the protocol is in src/api/stdio-socket.ts): Docker's
// `/containers/{id}/attach/ws` and berth's `/exec/{id}/start/ws`, for browsers, which cannot hijack
// a connection. Served with the `ws` package on node:http's "upgrade" event, after the daemon has
// admitted the request as any other (BrowserAccess).

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { EngineApi, OutputSink, StreamConnection } from "../api/engine-api.ts";
import { EngineError } from "../api/errors.ts";
import { operations, type OperationName } from "../api/operations.ts";
import { closeCodeForStatus, stdioSocketSuffix, stdioSubprotocol, type StdioStatus } from "../api/stdio-socket.ts";
import { matchRoute, type RouteMatch } from "./api-routes.ts";
import { errorBody, errorStatus, writeRawErrorResponse } from "./error-response.ts";
import { decodeQuery, routeArguments } from "./query-decoding.ts";

export interface StdioSocketsOptions {
  engine: EngineApi;
  /** Marks a sink to be called back from the engine's thread (comlink's proxy). */
  byReference<T extends object>(value: T): T;
  logRequest?(line: string): void;
}

type Call = (request: Record<string, unknown>, sink: OutputSink) => Promise<StreamConnection<unknown>>;

const stdioMethods = [...new Set(Object.values(operations).flatMap((operation) => (operation.stream === "stdio" ? [operation.method] : [])))];
/** A close frame's reason holds at most 123 bytes. */
const maxReasonBytes = 123;

/** True for a WebSocket handshake (as opposed to Docker's `Upgrade: tcp` hijack). */
export function isWebSocketUpgrade(request: IncomingMessage): boolean {
  return request.headers.upgrade?.toLowerCase() === "websocket";
}

export class StdioSockets {
  readonly #server = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(stdioSubprotocol) ? stdioSubprotocol : false),
  });

  constructor(private readonly options: StdioSocketsOptions) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const started = Date.now();
    const url = new URL(request.url ?? "/", "http://daemon");
    let match: RouteMatch;
    try {
      match = stdioRoute(url.pathname);
    } catch (error) {
      this.#log(request, url, errorStatus(error), started);
      return writeRawErrorResponse(socket, error);
    }
    this.#server.handleUpgrade(request, socket, head, (webSocket) => {
      void this.#serve(webSocket, match, url).then((code) => this.#log(request, url, code, started));
    });
  }

  /** Runs the operation on an open socket; resolves with the close code once the socket has closed. */
  async #serve(webSocket: WebSocket, match: RouteMatch, url: URL): Promise<number> {
    const closed = new Promise<number>((resolve) => webSocket.once("close", (code) => resolve(code)));
    // A broken connection is reported as "error" and then "close", which does the cleaning up.
    webSocket.on("error", () => undefined);
    const statusMessages = webSocket.protocol === stdioSubprotocol;
    const sendStatus = (status: StdioStatus) => statusMessages && webSocket.send(JSON.stringify(status));
    // Output the engine writes before its call has answered waits for the "started" status.
    let pending: Uint8Array[] | undefined = [];
    const sink: OutputSink = {
      write(_stream, data) {
        if (pending) pending.push(data);
        else webSocket.send(data);
      },
    };
    // A bad query parameter fails the call like an engine error.
    const opened = Promise.resolve().then(() => this.#call(match.name)(this.#arguments(match, url), this.options.byReference(sink)));
    opened.catch(() => undefined);
    // Stdin may arrive before the engine has answered; it is written in order once it has.
    let input: Promise<unknown> = opened;
    webSocket.on("message", (data: RawData) => {
      const bytes = copyBytes(data);
      input = input.then(async () => {
        const connection = await opened;
        await (bytes.byteLength === 0 ? connection.closeWrite() : connection.write(bytes));
      }).catch(() => undefined);
    });
    webSocket.once("close", () => void opened.then((connection) => connection.close()).catch(() => undefined));

    let connection: StreamConnection<unknown>;
    try {
      connection = await opened;
    } catch (error) {
      closeWithError(webSocket, error, sendStatus);
      return closed;
    }
    sendStatus({ started: true });
    for (const data of pending.splice(0)) webSocket.send(data);
    pending = undefined;
    connection.done().then(
      () => webSocket.close(1000),
      (error: unknown) => closeWithError(webSocket, error, sendStatus),
    );
    return closed;
  }

  #call(name: OperationName): Call {
    return (this.options.engine as unknown as Record<OperationName, Call>)[name];
  }

  #arguments(match: RouteMatch, url: URL): Record<string, unknown> {
    const args = routeArguments(match, url.searchParams);
    if (match.operation.body !== "none") args.body = decodeQuery(url.searchParams, match.operation.webSocketBody ?? {});
    return args;
  }

  /** One line per socket at its close, without the token a page sends in the query. */
  #log(request: IncomingMessage, url: URL, code: number, started: number): void {
    if (!this.options.logRequest) return;
    url.searchParams.delete("token");
    this.options.logRequest(`${request.method} ${url.pathname}${url.search} websocket ${code} ${Date.now() - started}ms`);
  }
}

/** The stdio operation whose path is `pathname` without its "/ws". */
function stdioRoute(pathname: string): RouteMatch {
  if (pathname.endsWith(stdioSocketSuffix)) {
    const path = pathname.slice(0, -stdioSocketSuffix.length);
    for (const method of stdioMethods) {
      const match = matchRoute(method, path);
      if (match?.operation.stream === "stdio") return match;
    }
  }
  throw new EngineError("not-found", "page not found");
}

function closeWithError(webSocket: WebSocket, error: unknown, sendStatus: (status: StdioStatus) => unknown): void {
  const status = errorStatus(error);
  const { message } = errorBody(error);
  sendStatus({ message, status });
  webSocket.close(closeCodeForStatus(status), truncateUtf8(message, maxReasonBytes));
}

/** A copy the engine thread can take (a Buffer may be a view into a larger shared pool). */
function copyBytes(data: RawData): Uint8Array {
  return new Uint8Array(Array.isArray(data) ? Buffer.concat(data) : data);
}

function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = Buffer.from(text);
  if (bytes.byteLength <= maxBytes) return text;
  bytes = bytes.subarray(0, maxBytes);
  // Drop a character cut in half.
  return bytes.toString("utf8").replace(/\uFFFD$/, "");
}
