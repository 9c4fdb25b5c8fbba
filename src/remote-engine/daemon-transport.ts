// The HTTP end of the page's client: sends an operation's request to the daemon (URL and header
// parameters from the operation table, the JSON or byte body, the bearer token) and turns failures into what a Docker
// client shows: an unreachable daemon is Docker's "Cannot connect to the Docker daemon at …", an
// error answer is an EngineError with the code of its HTTP status and Docker's message.
//
// Calls are sent in the order they were made, each once the one before has its response headers,
// as the engine behind comlink takes them in order. `docker run` depends on it: the daemon answers
// a wait's headers once the waiter is in place, and the start sent after them cannot outrun it.

import { engineErrorCodeForStatus, EngineError } from "../api/errors.ts";
import type { OperationSpec } from "../api/operation-spec.ts";
import { operations } from "../api/operations.ts";
import { requestTarget } from "../api/request-target.ts";
import { stdioSocketTarget } from "../api/stdio-socket.ts";
import { daemonBaseUrl } from "./daemon-host.ts";

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export class DaemonTransport {
  readonly #baseUrl: string;
  #turn: Promise<unknown> = Promise.resolve();

  /** `host` as the user wrote it (tcp://, http:// or https://): messages name it so. */
  constructor(
    readonly host: string,
    private readonly token: string | undefined,
    private readonly fetch: Fetch,
  ) {
    this.#baseUrl = daemonBaseUrl(host);
  }

  /** Runs `open` (which resolves once the daemon has answered) after every earlier call has been answered. */
  inTurn<T>(open: () => Promise<T>): Promise<T> {
    const turn = this.#turn.then(open);
    this.#turn = turn.catch(() => undefined);
    return turn;
  }

  /** Sends the operation in turn; resolves with a successful response whose body is still to be read. */
  send(operation: OperationSpec, request: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
    return this.inTurn(() => this.#send(operation, request, signal));
  }

  /** The WebSocket URL of a stdio operation, with the token in the query (a browser's WebSocket sends no headers). */
  socketUrl(operation: OperationSpec, request: Record<string, unknown>): string {
    const target = stdioSocketTarget(operation, request);
    const token = this.token === undefined ? "" : `${target.includes("?") ? "&" : "?"}token=${encodeURIComponent(this.token)}`;
    return `${this.#baseUrl.replace(/^http/, "ws")}${target}${token}`;
  }

  /**
   * Why a WebSocket could not be opened (a browser does not tell): the daemon's answer to a ping,
   * or its being unreachable; if it answers, it refused the socket itself.
   */
  async explainSocketFailure(url: string): Promise<Error> {
    try {
      await this.#send(operations.systemPing, {});
    } catch (error) {
      return error as Error;
    }
    return new EngineError("system", `the daemon refused the WebSocket ${url.replace(/token=[^&]*/, "token=…")}`);
  }

  async #send(operation: OperationSpec, request: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.Authorization = `Bearer ${this.token}`;
    for (const [property, header] of Object.entries(operation.headers)) {
      const value = request[property];
      if (typeof value === "string") headers[header] = value;
    }
    let body: BodyInit | undefined;
    if (operation.body === "json") {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(request.body ?? {});
    } else if (operation.body === "bytes" && request.body !== undefined) {
      headers["Content-Type"] = "application/x-tar";
      body = request.body as Uint8Array<ArrayBuffer>;
    }
    let response: Response;
    try {
      response = await this.fetch(`${this.#baseUrl}${requestTarget(operation, request)}`, { method: operation.method, headers, body, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw daemonUnreachable(this.host);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }
}

/** A response the daemon began but did not finish (the connection broke). */
export function connectionLost(host: string, cause: unknown): Error {
  return new Error(`the connection to the Docker daemon at ${host} was lost: ${cause instanceof Error ? cause.message : String(cause)}`);
}

/** Docker's words for a daemon that does not answer (a refused connection, or a page the daemon gave no CORS headers). */
function daemonUnreachable(host: string): Error {
  return new Error(`Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`);
}

/** Docker's error answer, `{"message": …}`; a HEAD answer has no body, so its status line stands in. */
async function errorFromResponse(response: Response): Promise<EngineError> {
  const text = (await response.text().catch(() => "")).trim();
  let message = text;
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === "string") message = parsed.message;
  } catch {
    // Not JSON: the text is the message.
  }
  return new EngineError(engineErrorCodeForStatus(response.status), message || `${response.status} ${response.statusText}`.trim());
}
