// A stdio operation (attach, exec start) over a WebSocket, for clients that cannot hijack an HTTP
// connection (browsers). Docker serves `/containers/{id}/attach/ws`; berth serves the same for
// `/exec/{id}/start/ws`. The protocol, shared by the page's client and the daemon:
// - URL: the operation's path + "/ws" (version prefix allowed), its query parameters, and for exec
//   start the body's fields (`webSocketBody`: `Detach`, `Tty`) as parameters; a page adds `token=`.
// - Server → client, binary: output, raw (stdout and stderr in one stream, as Docker's /attach/ws
//   sends it), with or without a TTY.
// - Client → server: each non-empty message (binary or text) is stdin; an empty message ends stdin
//   (the half-close of a hijacked connection). Closing the socket hangs up.
// - The server closes with 1000 when the stream ends, or with 4000 + the HTTP status of an error
//   (4404 no such container, 4409 conflict, …) and Docker's message as the reason (cut to fit).
// - A client that offers the subprotocol `berth.stdio` also gets text messages, JSON: first
//   `{"started":true}` once the engine has opened the stream (output only follows it), or
//   `{"message":…,"status":…}` with the whole message before an error close. Docker's own clients
//   offer no subprotocol and see output only.

import { apiVersion } from "./api-version.ts";
import type { OperationSpec } from "./operation-spec.ts";
import { encodeQuery, fillPath } from "./request-target.ts";

export const stdioSocketSuffix = "/ws";
export const stdioSubprotocol = "berth.stdio";

export type StdioStatus = { started: true } | { message: string; status: number };

/** Close codes 4000–4999 carry an HTTP status. */
const statusCloseBase = 4000;

export function closeCodeForStatus(status: number): number {
  return status >= 100 && status < 1000 ? statusCloseBase + status : statusCloseBase + 500;
}

/** The HTTP status a close code carries, or undefined for an ordinary close. */
export function statusOfCloseCode(code: number): number | undefined {
  return code >= statusCloseBase + 100 && code < statusCloseBase + 1000 ? code - statusCloseBase : undefined;
}

/** `/v1.50/exec/abc/start/ws?Tty=1` for a stdio operation and its request (without the token). */
export function stdioSocketTarget(operation: OperationSpec, request: Record<string, unknown>): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const query = [encodeQuery(operation.query, request), encodeQuery(operation.webSocketBody ?? {}, body)].filter(Boolean).join("&");
  return `/v${apiVersion}${fillPath(operation.path, request)}${stdioSocketSuffix}${query && `?${query}`}`;
}
