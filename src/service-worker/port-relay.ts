// The port preview's relay: a same-origin request for /ports/PORT/… becomes an HTTP/1.1 request on a
// connection to the published port (the path without the prefix, Host, Connection: close, the
// body), and the response comes back as it arrives: its head as the Response's, its body streamed
// (read from the connection only as fast as the page reads it). A page served under /ports/PORT/
// that asks for an absolute path (/style.css) gets it from the same port. What cannot pass is
// answered with a page that says so: WebSocket upgrades, cookies (a service worker can neither see
// nor set them), and a port nothing publishes.

import { encodeRequest } from "./http-request.ts";
import { HttpResponseError, HttpResponseParser, type ResponseHead, type ResponsePiece } from "./http-response-parser.ts";

/** A byte connection to a published port (in the page: the engine's PortConnect stream). */
export interface PortConnection {
  /** Resolves once the other end has taken the bytes. */
  write(bytes: Uint8Array): Promise<void>;
  /** Drops the connection. */
  close(): void;
  /** The container's bytes, closing at its end of the connection, erroring when the connection fails. */
  readable: ReadableStream<Uint8Array>;
}

export type OpenPort = (port: number) => Promise<PortConnection>;

/** A port could not be reached; the status and title go on the page that says why. */
export class PortUnavailableError extends Error {
  override readonly name = "PortUnavailableError";
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export const portsPrefix = "/ports/";

export type PortRoute = { port: number; target: string } | { redirect: string } | { invalidPort: string };

/**
 * Where a same-origin request goes: /ports/PORT/… to PORT; an absolute path asked by a page under
 * /ports/PORT/ (its referrer) to PORT as well, a navigation by a redirect into the prefix so that
 * the page's own links keep working; anything else is not the relay's (undefined).
 */
export function routeRequest(url: URL, referrer: string, navigation: boolean): PortRoute | undefined {
  const own = /^\/ports\/([^/]*)(\/.*)?$/.exec(url.pathname);
  if (own) {
    const port = Number(own[1]);
    if (!/^\d{1,5}$/.test(own[1]) || port < 1 || port > 65535) return { invalidPort: own[1] };
    return own[2] === undefined ? { redirect: `${portsPrefix}${port}/${url.search}` } : { port, target: own[2] + url.search };
  }
  const from = referrer ? /^\/ports\/(\d{1,5})\//.exec(new URL(referrer).pathname) : null;
  if (!from || new URL(referrer).origin !== url.origin) return undefined;
  const target = url.pathname + url.search;
  return navigation ? { redirect: `${portsPrefix}${from[1]}${target}` } : { port: Number(from[1]), target };
}

export interface RelayResult {
  response: Response;
  /** Settles once the connection is over (the body was read, cancelled or failed). */
  finished: Promise<void>;
}

/** How long the server may take to start its answer. */
const headTimeoutMs = 60_000;

export async function relayToPort(request: Request, route: PortRoute, open: OpenPort): Promise<RelayResult> {
  if ("redirect" in route) return answered(Response.redirect(new URL(route.redirect, request.url).href, 302));
  if ("invalidPort" in route) return answered(errorPage(400, "Not a port", `"${route.invalidPort}" is not a port: ports are numbers from 1 to 65535.`));
  if (request.headers.get("upgrade")) {
    return answered(errorPage(501, "WebSockets do not pass", "The preview passes HTTP requests only: WebSocket connections (and other protocol upgrades) cannot go through it. Under berth daemon the port is a real TCP port, which passes them."));
  }
  let wire: Uint8Array;
  try {
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : new Uint8Array(await request.arrayBuffer());
    wire = encodeRequest({ method: request.method, target: route.target, host: `localhost:${route.port}`, headers: request.headers, body });
  } catch (error) {
    return answered(errorPage(400, "Bad request", messageOf(error)));
  }
  let connection: PortConnection;
  try {
    connection = await open(route.port);
  } catch (error) {
    if (error instanceof PortUnavailableError) return answered(errorPage(error.status, error.title, error.message));
    return answered(errorPage(502, `Port ${route.port} cannot be reached`, messageOf(error)));
  }
  const reader = connection.readable.getReader();
  const parser = new HttpResponseParser(request.method);
  const buffered: ResponsePiece[] = [];
  const nextPieces = async (): Promise<ResponsePiece[]> => {
    if (buffered.length > 0) return buffered.splice(0);
    const { done, value } = await reader.read();
    return done ? parser.finish() : parser.push(value);
  };
  try {
    await connection.write(wire);
    const head = await withTimeout(readHead(nextPieces, buffered), headTimeoutMs, `port ${route.port} sent no response within ${headTimeoutMs / 1000} s`);
    return streamed(head, route.port, nextPieces, connection);
  } catch (error) {
    connection.close();
    void reader.cancel().catch(() => undefined);
    if (error instanceof HttpResponseError) return answered(errorPage(502, `Port ${route.port} did not answer with HTTP`, error.message));
    return answered(errorPage(502, `Port ${route.port} failed`, messageOf(error)));
  }
}

async function readHead(nextPieces: () => Promise<ResponsePiece[]>, buffered: ResponsePiece[]): Promise<ResponseHead> {
  for (;;) {
    const pieces = await nextPieces();
    const index = pieces.findIndex((piece) => piece.kind === "head");
    if (index !== -1) {
      buffered.push(...pieces.slice(index + 1));
      return (pieces[index] as { head: ResponseHead }).head;
    }
  }
}

/** Statuses whose responses never have a body (the Response constructor refuses one). */
const nullBodyStatuses = new Set([204, 205, 304]);

function streamed(head: ResponseHead, port: number, nextPieces: () => Promise<ResponsePiece[]>, connection: PortConnection): RelayResult {
  if (head.status > 599) throw new HttpResponseError(`status ${head.status} is not an HTTP status`);
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const done = () => {
    connection.close();
    finish();
  };
  let body: ReadableStream<Uint8Array> | null = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (let enqueued = false; !enqueued; ) {
          for (const piece of await nextPieces()) {
            if (piece.kind === "body") {
              controller.enqueue(piece.bytes);
              enqueued = true;
            } else if (piece.kind === "end") {
              controller.close();
              return done();
            }
          }
        }
      } catch (error) {
        controller.error(new Error(`the response from port ${port} broke off: ${messageOf(error)}`));
        done();
      }
    },
    cancel: done,
  });
  const headers = responseHeaders(head, port);
  const coding = headers.get("content-encoding")?.toLowerCase();
  const format = coding === "gzip" || coding === "x-gzip" ? "gzip" : coding === "deflate" ? "deflate" : undefined;
  if (format) {
    // (The DOM types declare its input as any BufferSource, which TypeScript cannot narrow to Uint8Array.)
    body = body.pipeThrough(new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>);
    headers.delete("content-encoding");
    headers.delete("content-length");
  }
  if (nullBodyStatuses.has(head.status)) {
    void body.cancel();
    body = null;
  }
  return { response: new Response(body, { status: head.status, statusText: head.statusText, headers }), finished };
}

/** Headers about the connection, and cookies (which a service worker's response cannot set), stay behind. */
const droppedHeaders = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "trailer", "upgrade", "set-cookie", "set-cookie2"]);

function responseHeaders(head: ResponseHead, port: number): Headers {
  const headers = new Headers();
  for (const [name, value] of head.headers) {
    if (droppedHeaders.has(name.toLowerCase())) continue;
    try {
      headers.append(name, name.toLowerCase() === "location" ? intoPrefix(value, port) : value);
    } catch {
      // A value the Headers class refuses (a stray control character) is left out, not the response.
    }
  }
  return headers;
}

/** A redirect to the server's own root ("/login", "http://localhost/login") stays under /ports/PORT/. */
function intoPrefix(location: string, port: number): string {
  if (location.startsWith("/") && !location.startsWith("//")) return `${portsPrefix}${port}${location}`;
  const absolute = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/.*)?$/i.exec(location);
  return absolute ? `${portsPrefix}${port}${absolute[3] ?? "/"}` : location;
}

function answered(response: Response): RelayResult {
  return { response, finished: Promise.resolve() };
}

/** A small page saying what went wrong, for a person looking at the preview. */
function errorPage(status: number, title: string, detail: string): Response {
  const html = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font:15px system-ui,sans-serif;margin:2em;max-width:40em;color:#222}h1{font-size:1.2em}</style><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p><p><small>berth port preview</small></p>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
