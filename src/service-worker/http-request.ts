// Writes one HTTP/1.1 request as bytes for a raw connection: the request line, a Host header, the
// caller's end-to-end headers, and the framing headers this writer owns (Content-Length for the
// whole body it is given, Connection: close, so the response ends where the connection does, and
// Accept-Encoding: identity, since bodies pass through as they come).

export interface OutgoingRequest {
  method: string;
  /** The request target: an absolute path with its query ("/a/b?c=1"). */
  target: string;
  /** The Host header's value ("localhost:8080"). */
  host: string;
  headers: Iterable<[string, string]>;
  body?: Uint8Array;
}

/** Headers about one connection rather than the request (RFC 9110 §7.6.1), and those this writer sets itself. */
const ownedHeaders = new Set([
  "accept-encoding",
  "connection",
  "content-length",
  "host",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const target = /^\/[\x21-\x7e]*$/;
const fieldValue = /^[\t\x20-\x7e\x80-\xff]*$/;

export function encodeRequest(request: OutgoingRequest): Uint8Array {
  if (!token.test(request.method)) throw new TypeError(`invalid HTTP method ${JSON.stringify(request.method)}`);
  if (!target.test(request.target)) throw new TypeError(`invalid request target ${JSON.stringify(request.target)}`);
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${request.host}`];
  for (const [name, value] of request.headers) {
    if (ownedHeaders.has(name.toLowerCase())) continue;
    if (!token.test(name) || !fieldValue.test(value)) throw new TypeError(`invalid header ${JSON.stringify(name)}`);
    lines.push(`${name}: ${value}`);
  }
  const body = request.body ?? new Uint8Array(0);
  if (body.length > 0 || !["GET", "HEAD", "OPTIONS", "DELETE"].includes(request.method)) lines.push(`Content-Length: ${body.length}`);
  lines.push("Accept-Encoding: identity", "Connection: close", "", "");
  const head = latin1(lines.join("\r\n"));
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head);
  bytes.set(body, head.length);
  return bytes;
}

/** Header text is bytes, one per character (Headers holds values as byte strings). */
function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
  return bytes;
}
