// Which browser pages may use the daemon. Docker's clients send no Origin header and are let
// through as the socket's own access rules allow. A request with an Origin (a web page) is refused
// unless the origin was allowed with --allow-origin and the request carries the bearer token
// printed at startup; only then does the answer carry CORS headers. So a page the user merely
// visits cannot drive the daemon, even with requests that need no CORS preflight.

import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { EngineError } from "../api/errors.ts";

const exposedHeaders = ["Api-Version", "Docker-Experimental", "Ostype", "X-Docker-Container-Path-Stat"];
const allowedHeaders = ["Authorization", "Content-Type", "X-Registry-Auth"];

export class BrowserAccess {
  /** The bearer token pages must send; absent when no origin is allowed. */
  readonly token: string | undefined;

  constructor(private readonly allowedOrigins: readonly string[]) {
    this.token = allowedOrigins.length > 0 ? randomBytes(24).toString("hex") : undefined;
  }

  /**
   * Checks a request; throws a forbidden or unauthorized error for a page that may not call. For an
   * allowed page, sets the CORS headers on `response` (when there is one yet).
   * A WebSocket cannot send headers from a browser, so there the token may come as `?token=`.
   */
  admit(request: IncomingMessage, response?: ServerResponse): void {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (!this.allowedOrigins.includes(origin)) throw new EngineError("forbidden", `origin ${origin} is not allowed: start the daemon with --allow-origin ${origin}`);
    response?.setHeader("Access-Control-Allow-Origin", origin);
    response?.setHeader("Vary", "Origin");
    response?.setHeader("Access-Control-Expose-Headers", exposedHeaders.join(", "));
    if (request.method === "OPTIONS") return;
    if (!this.#tokenMatches(bearerToken(request))) throw new EngineError("unauthorized", "a bearer token is required: use the token berth daemon printed at startup");
  }

  /** Answers a CORS preflight from an allowed page (after `admit`). */
  answerPreflight(response: ServerResponse): void {
    response.writeHead(204, {
      "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE",
      "Access-Control-Allow-Headers": allowedHeaders.join(", "),
      "Access-Control-Max-Age": "600",
    });
    response.end();
  }

  #tokenMatches(offered: string | undefined): boolean {
    if (!this.token || offered === undefined) return false;
    const expected = Buffer.from(this.token);
    const given = Buffer.from(offered);
    return given.byteLength === expected.byteLength && timingSafeEqual(given, expected);
  }
}

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim();
  return new URL(request.url ?? "/", "http://daemon").searchParams.get("token") ?? undefined;
}
