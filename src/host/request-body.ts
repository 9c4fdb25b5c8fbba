// Reads a request's body as the operation's body kind says: JSON (parsed; malformed JSON is a bad
// parameter) or raw bytes (a tar archive), within a size cap. On a hijacked connection the body is
// read from the socket itself, as far as Content-Length says.

import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { EngineError } from "../api/errors.ts";
import type { BodyKind } from "../api/operation-spec.ts";

const maxJsonBytes = 4 * 1024 * 1024;
const maxArchiveBytes = 1024 * 1024 * 1024;

export async function readRequestBody(request: IncomingMessage, kind: BodyKind, socket?: Readable): Promise<unknown> {
  if (kind === "none") return undefined;
  const limit = kind === "json" ? maxJsonBytes : maxArchiveBytes;
  const declared = Number(request.headers["content-length"] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const bytes = socket ? await readExactly(socket, Number.isFinite(declared) ? declared : 0) : await readAll(request, limit);
  if (kind === "bytes") return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = bytes.toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EngineError("invalid", `invalid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(limit: number): EngineError {
  return new EngineError("invalid", `request body too large: the limit is ${limit} bytes`);
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.byteLength;
    if (length > limit) {
      stream.destroy();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads `length` bytes from a socket and leaves whatever follows them (stdin) unread. */
function readExactly(socket: Readable, length: number): Promise<Buffer> {
  if (length === 0) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      const needed = length - received;
      if (chunk.byteLength > needed) {
        socket.unshift(chunk.subarray(needed));
        chunk = chunk.subarray(0, needed);
      }
      chunks.push(chunk);
      received += chunk.byteLength;
      if (received === length) {
        cleanup();
        socket.pause();
        resolve(Buffer.concat(chunks));
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new EngineError("invalid", "the connection ended inside the request body"));
    };
    const cleanup = () => {
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("error", onEnd);
    };
    socket.on("data", onData);
    socket.once("end", onEnd);
    socket.once("error", onEnd);
    socket.resume();
  });
}
