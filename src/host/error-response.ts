// Errors as Docker's daemon sends them: `{"message": …}` with the status of the error's code (404 no
// such object, 409 conflict, 400 bad parameter, …); anything unexpected is a 500. Written on an
// HTTP response, or on a connection an upgrade left raw.

import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { isEngineError } from "../api/errors.ts";

export function errorStatus(error: unknown): number {
  return isEngineError(error) ? error.httpStatus : 500;
}

export function errorBody(error: unknown): { message: string } {
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The error as the answer; once an answer has begun, all that is left is to break the connection. */
export function sendErrorResponse(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(errorBody(error));
  response.writeHead(errorStatus(error), { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

/** The error as an HTTP answer written on a raw connection (an upgrade refused), which then closes. */
export function writeRawErrorResponse(socket: Duplex, error: unknown): void {
  const text = JSON.stringify(errorBody(error));
  socket.end(`HTTP/1.1 ${errorStatus(error)} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}
