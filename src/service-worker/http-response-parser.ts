// Reads one HTTP/1.x response from a raw connection's bytes as they arrive, in pieces of any size:
// the head (status line and headers; interim 1xx responses are skipped), then the body framed as
// RFC 9112 §6.3 says: none (a HEAD request, 204, 304), chunked, Content-Length, or up to the
// connection's end. Body bytes are handed on as they come, never gathered: body pieces are views of
// the pushed bytes, so a caller must not reuse a buffer it has pushed.

export interface ResponseHead {
  status: number;
  statusText: string;
  /** In the order received, names as sent. */
  headers: [string, string][];
}

export type ResponsePiece = { kind: "head"; head: ResponseHead } | { kind: "body"; bytes: Uint8Array } | { kind: "end" };

/** The bytes are not a response this parser can read. */
export class HttpResponseError extends Error {
  override readonly name = "HttpResponseError";
}

/** A head larger than this is refused (servers allow about as much for a request's). */
const maxHeadBytes = 64 * 1024;
const maxChunkSizeDigits = 12;
const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type State =
  | { at: "head" }
  | { at: "fixed"; remaining: number }
  | { at: "chunk-size" }
  | { at: "chunk-data"; remaining: number }
  | { at: "chunk-end" }
  | { at: "trailers" }
  | { at: "until-close" }
  | { at: "done" };

export class HttpResponseParser {
  #state: State = { at: "head" };
  /** Bytes received but not yet consumed (a partial line or head). */
  #pending = new Uint8Array(0);
  #received = 0;
  #bodyBytes = 0;

  /** `method` is the request's: a response to HEAD has no body. */
  constructor(private readonly method: string) {}

  push(bytes: Uint8Array): ResponsePiece[] {
    this.#received += bytes.length;
    let input = this.#pending.length > 0 ? concat(this.#pending, bytes) : bytes;
    this.#pending = new Uint8Array(0);
    const pieces: ResponsePiece[] = [];
    while (input.length > 0 && this.#state.at !== "done") input = this.#step(input, pieces);
    return pieces;
  }

  /** The connection has ended: ends a body that runs until the close, or fails a cut-off response. */
  finish(): ResponsePiece[] {
    switch (this.#state.at) {
      case "done":
        return [];
      case "until-close":
        this.#state = { at: "done" };
        return [{ kind: "end" }];
      case "head":
        throw new HttpResponseError(this.#received === 0 ? "the server closed the connection without a response" : "the server closed the connection in the middle of the response head");
      case "fixed":
        throw new HttpResponseError(`the response ended after ${this.#bodyBytes} of ${this.#bodyBytes + this.#state.remaining} bytes`);
      default:
        throw new HttpResponseError(`the chunked response ended early, after ${this.#bodyBytes} bytes`);
    }
  }

  /** Consumes what it can of `input` and returns the rest. */
  #step(input: Uint8Array, pieces: ResponsePiece[]): Uint8Array {
    const state = this.#state;
    switch (state.at) {
      case "head": {
        const end = headEnd(input);
        if (end === -1) {
          const firstLine = input.indexOf(0x0a);
          if (firstLine !== -1) parseStatusLine(latin1(input.subarray(0, firstLine)).replace(/\r$/, ""));
          if (input.length > maxHeadBytes) throw new HttpResponseError(`the response head is larger than ${maxHeadBytes} bytes`);
          return this.#keep(input);
        }
        const head = parseHead(latin1(input.subarray(0, end)));
        const rest = input.subarray(end);
        if (head.status >= 100 && head.status < 200) {
          if (head.status === 101) throw new HttpResponseError("the server switched protocols (101), which the preview cannot pass on");
          return rest;
        }
        pieces.push({ kind: "head", head });
        this.#state = this.#bodyState(head);
        if (this.#state.at === "done") pieces.push({ kind: "end" });
        return rest;
      }
      case "fixed":
      case "chunk-data": {
        const take = Math.min(state.remaining, input.length);
        this.#body(input.subarray(0, take), pieces);
        state.remaining -= take;
        if (state.remaining === 0) this.#state = state.at === "fixed" ? this.#ended(pieces) : { at: "chunk-end" };
        return input.subarray(take);
      }
      case "until-close":
        this.#body(input, pieces);
        return new Uint8Array(0);
      case "chunk-size":
      case "chunk-end":
      case "trailers": {
        const newline = input.indexOf(0x0a);
        if (newline === -1) {
          if (input.length > maxHeadBytes) throw new HttpResponseError("a chunk line of the response is too long");
          return this.#keep(input);
        }
        this.#line(latin1(input.subarray(0, newline)).replace(/\r$/, ""), pieces);
        return input.subarray(newline + 1);
      }
      case "done":
        return new Uint8Array(0);
    }
  }

  #line(line: string, pieces: ResponsePiece[]): void {
    switch (this.#state.at) {
      case "chunk-size": {
        const digits = line.split(";", 1)[0].trim();
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length > maxChunkSizeDigits) throw new HttpResponseError(`bad chunk size ${JSON.stringify(line)} in the response`);
        const size = parseInt(digits, 16);
        this.#state = size === 0 ? { at: "trailers" } : { at: "chunk-data", remaining: size };
        return;
      }
      case "chunk-end":
        if (line !== "") throw new HttpResponseError("a chunk of the response does not end where its size says");
        this.#state = { at: "chunk-size" };
        return;
      case "trailers":
        if (line === "") this.#state = this.#ended(pieces);
        return;
    }
  }

  #bodyState(head: ResponseHead): State {
    if (this.method === "HEAD" || head.status === 204 || head.status === 304) return { at: "done" };
    const codings = values(head, "transfer-encoding").flatMap((value) => value.split(",")).map((coding) => coding.trim().toLowerCase());
    if (codings.length > 0) return codings.at(-1) === "chunked" ? { at: "chunk-size" } : { at: "until-close" };
    const lengths = new Set(values(head, "content-length").flatMap((value) => value.split(",")).map((length) => length.trim()));
    if (lengths.size === 0) return { at: "until-close" };
    const [length] = lengths;
    if (lengths.size > 1 || !/^\d{1,15}$/.test(length)) throw new HttpResponseError(`bad Content-Length ${JSON.stringify([...lengths].join(", "))} in the response`);
    return Number(length) === 0 ? { at: "done" } : { at: "fixed", remaining: Number(length) };
  }

  #body(bytes: Uint8Array, pieces: ResponsePiece[]): void {
    this.#bodyBytes += bytes.length;
    pieces.push({ kind: "body", bytes });
  }

  #ended(pieces: ResponsePiece[]): State {
    pieces.push({ kind: "end" });
    return { at: "done" };
  }

  #keep(input: Uint8Array): Uint8Array {
    this.#pending = input.slice();
    return new Uint8Array(0);
  }
}

function parseHead(text: string): ResponseHead {
  const [statusLine, ...lines] = text.replace(/\r?\n\r?\n$/, "").split(/\r?\n/);
  const { status, statusText } = parseStatusLine(statusLine);
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      // An obsolete line folding continues the previous value (RFC 9112 §5.2).
      headers[headers.length - 1][1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    if (colon <= 0 || !token.test(name)) throw new HttpResponseError(`bad header line ${JSON.stringify(line.slice(0, 80))} in the response`);
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { status, statusText, headers };
}

function parseStatusLine(line: string): { status: number; statusText: string } {
  const match = /^HTTP\/1\.[01] ([1-9]\d\d)(?: (.*))?$/.exec(line);
  if (!match) throw new HttpResponseError(`the server's answer is not an HTTP/1.x response: ${JSON.stringify(line.slice(0, 80))}`);
  return { status: Number(match[1]), statusText: match[2] ?? "" };
}

function values(head: ResponseHead, name: string): string[] {
  return head.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
}

/** The index just past the blank line that ends a head (CRLF CRLF, or bare LFs), or -1. */
function headEnd(bytes: Uint8Array): number {
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) {
    if (bytes[index + 1] === 0x0a) return index + 2;
    if (bytes[index + 1] === 0x0d && bytes[index + 2] === 0x0a) return index + 3;
  }
  return -1;
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let offset = 0; offset < bytes.length; offset += 8192) text += String.fromCharCode(...bytes.subarray(offset, offset + 8192));
  return text;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}
