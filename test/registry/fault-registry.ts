// A registry front on loopback that forwards to a real registry and injects faults, chosen by the
// first component of the repository path:
//   /v2/corrupt/<name>/…  forwards to /v2/<name>/…, with one byte of every blob body flipped
//                         (same length, so only a digest check notices);
//   /v2/flaky/<name>/…    forwards to /v2/<name>/…, but the first GET of each blob without a Range
//                         header sends about half the body and then drops the connection; later
//                         requests pass through (Range requests get the registry's 206). The second
//                         PATCH of each upload session is read and then its connection dropped,
//                         without passing it on (the registry keeps the first chunk only).
//   /v2/unavailable/<name>/… answers every write (POST, PUT, PATCH) with 503 and no body.
// Anything else passes through unchanged. Location headers that point at the upstream become
// origin-relative paths here (so clients must resolve them against the request URL).

import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { Transform } from "node:stream";

export interface FaultStats {
  /** Requests per path (as received, without the query). */
  requests: Map<string, number>;
  /** Requests carrying a Range header, per path. */
  rangeRequests: Map<string, number>;
}

export interface FaultRegistry {
  host: string;
  url: string;
  stats: FaultStats;
  stop(): Promise<void>;
}

type Fault = "corrupt" | "flaky" | "unavailable";

const FAULT_PATH = /^\/v2\/(corrupt|flaky|unavailable)\/(.+)$/;
const BLOB_PATH = /\/blobs\/sha256:[0-9a-f]{64}$/;

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Passes the body through with the byte at `offset` inverted. */
function flipByteAt(offset: number): Transform {
  let position = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (offset >= position && offset < position + chunk.length) {
        chunk = Buffer.from(chunk);
        chunk[offset - position] = chunk[offset - position]! ^ 0xff;
      }
      position += chunk.length;
      done(null, chunk);
    },
  });
}

/** Sends the first `limit` bytes of the body, then destroys the client's connection. */
function sendThenDrop(upstream: IncomingMessage, response: ServerResponse, limit: number): void {
  if (limit <= 0) {
    upstream.destroy();
    response.destroy();
    return;
  }
  let sent = 0;
  upstream.on("data", (chunk: Buffer) => {
    if (sent >= limit) return;
    const part = chunk.subarray(0, limit - sent);
    sent += part.length;
    if (sent < limit) response.write(part);
    else {
      upstream.destroy();
      response.write(part, () => response.destroy());
    }
  });
}

export async function startFaultRegistry(upstreamUrl: string): Promise<FaultRegistry> {
  const upstream = new URL(upstreamUrl);
  const stats: FaultStats = { requests: new Map(), rangeRequests: new Map() };
  const dropped = new Set<string>();
  const patches = new Map<string, number>();

  /** An upstream Location as a path here, keeping the fault prefix. */
  const rewriteLocation = (location: string, fault: Fault | undefined): string => {
    const target = new URL(location, upstream);
    if (target.origin !== upstream.origin) return location;
    const path = fault ? target.pathname.replace(/^\/v2\//, `/v2/${fault}/`) : target.pathname;
    return `${path}${target.search}`;
  };

  const forward = (incoming: IncomingMessage, response: ServerResponse) => {
    const [path = "/", query] = (incoming.url ?? "/").split(/\?(.*)/s);
    count(stats.requests, path);
    if (incoming.headers.range !== undefined) count(stats.rangeRequests, path);
    const match = FAULT_PATH.exec(path);
    const fault = match?.[1] as Fault | undefined;
    const upstreamPath = (match ? `/v2/${match[2]}` : path) + (query === undefined ? "" : `?${query}`);
    const blobGet = incoming.method === "GET" && BLOB_PATH.test(path);
    if (fault === "unavailable" && incoming.method !== "GET" && incoming.method !== "HEAD") {
      incoming.resume();
      response.writeHead(503).end();
      return;
    }
    if (fault === "flaky" && incoming.method === "PATCH") {
      count(patches, path);
      if (patches.get(path) === 2) {
        incoming.resume();
        incoming.on("end", () => response.destroy());
        return;
      }
    }

    const outgoing = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: upstreamPath, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        const headers = { ...answer.headers };
        if (headers.location) headers.location = rewriteLocation(headers.location, fault);
        response.writeHead(answer.statusCode ?? 502, headers);
        response.once("close", () => answer.destroy());
        const length = Number(answer.headers["content-length"] ?? 0);
        const succeeded = answer.statusCode === 200 || answer.statusCode === 206;
        if (blobGet && succeeded && fault === "corrupt") {
          answer.pipe(flipByteAt(Math.floor(length / 2))).pipe(response);
        } else if (blobGet && answer.statusCode === 200 && fault === "flaky" && !incoming.headers.range && !dropped.has(path)) {
          dropped.add(path);
          sendThenDrop(answer, response, Math.floor(length / 2));
        } else {
          answer.pipe(response);
        }
      },
    );
    outgoing.on("error", () => response.destroy());
    incoming.pipe(outgoing);
  };

  const server = createServer(forward);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fault registry has no port");
  const host = `127.0.0.1:${address.port}`;
  const url = `http://${host}`;

  const stop = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return { host, url, stats, stop };
}
