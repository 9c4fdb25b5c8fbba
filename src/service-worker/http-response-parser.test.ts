import { describe, expect, it } from "vitest";
import { HttpResponseParser, type ResponseHead } from "./http-response-parser.ts";

const encoder = new TextEncoder();

interface Parsed {
  head?: ResponseHead;
  body: string;
  ended: boolean;
}

/** Feeds `wire` in pieces of `size` bytes (each a fresh buffer), then the connection's end. */
function parse(wire: string | Uint8Array, { size = Infinity, method = "GET", eof = true } = {}): Parsed {
  const bytes = typeof wire === "string" ? encoder.encode(wire) : wire;
  const parser = new HttpResponseParser(method);
  const parsed: Parsed = { body: "", ended: false };
  const body: Uint8Array[] = [];
  const take = (pieces: ReturnType<HttpResponseParser["push"]>) => {
    for (const piece of pieces) {
      expect(parsed.ended, "nothing after the end").toBe(false);
      if (piece.kind === "head") parsed.head = piece.head;
      else if (piece.kind === "body") body.push(piece.bytes.slice());
      else parsed.ended = true;
    }
  };
  const step = Math.min(size, bytes.length || 1);
  for (let offset = 0; offset < bytes.length; offset += step) take(parser.push(bytes.slice(offset, offset + step)));
  if (eof) take(parser.finish());
  parsed.body = new TextDecoder().decode(Buffer.concat(body));
  return parsed;
}

const everySplit = (wire: string, options: { method?: string; eof?: boolean } = {}) =>
  Array.from({ length: wire.length }, (_, index) => parse(wire, { ...options, size: index + 1 }));

describe("reading an HTTP/1.1 response", () => {
  it("reads a Content-Length body, whichever way the bytes are split", () => {
    const wire = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";
    for (const parsed of everySplit(wire, { eof: false })) {
      expect(parsed).toEqual({ head: { status: 200, statusText: "OK", headers: [["Content-Type", "text/plain"], ["Content-Length", "11"]] }, body: "hello world", ended: true });
    }
  });

  it("reads a chunked body with extensions and trailers, whichever way the bytes are split", () => {
    const wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Digest: abc\r\n\r\n";
    for (const parsed of everySplit(wire, { eof: false })) expect({ body: parsed.body, ended: parsed.ended, status: parsed.head?.status }).toEqual({ body: "hello 0123456789", ended: true, status: 200 });
  });

  it("reads a body that runs until the connection closes", () => {
    const wire = "HTTP/1.0 200 OK\r\nServer: busybox\r\n\r\nall of it\nuntil the end";
    for (const parsed of everySplit(wire)) expect(parsed.body).toBe("all of it\nuntil the end");
    expect(parse(wire, { eof: false }).ended).toBe(false);
  });

  it("takes chunked over Content-Length, and reads to the close when chunked is not the last coding", () => {
    expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", { eof: false })).toMatchObject({ body: "ok", ended: true });
    expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\nok").body).toBe("2\r\nok");
  });

  it("has no body for HEAD, 204 and 304, nor for an empty Content-Length", () => {
    expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", { method: "HEAD", eof: false })).toMatchObject({ body: "", ended: true });
    expect(parse("HTTP/1.1 204 No Content\r\n\r\n", { eof: false })).toMatchObject({ body: "", ended: true });
    expect(parse("HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n", { eof: false })).toMatchObject({ body: "", ended: true });
    expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", { eof: false })).toMatchObject({ body: "", ended: true });
  });

  it("skips interim responses, and accepts bare newlines, folded headers and a status without a reason", () => {
    const parsed = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\nLink: </a>\n\nHTTP/1.1 404\nX-Long: one\n  two\nContent-Length: 2\n\nno", { eof: false });
    expect(parsed).toEqual({ head: { status: 404, statusText: "", headers: [["X-Long", "one two"], ["Content-Length", "2"]] }, body: "no", ended: true });
  });

  it("passes binary bodies on byte for byte", () => {
    const body = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 7919) % 256);
    const head = encoder.encode(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
    const parser = new HttpResponseParser("GET");
    const pieces = [...parser.push(Buffer.concat([head, body.subarray(0, 1000)])), ...parser.push(body.slice(1000))];
    const received = pieces.flatMap((piece) => (piece.kind === "body" ? [piece.bytes] : []));
    expect(Buffer.compare(Buffer.concat(received), body)).toBe(0);
    expect(pieces.at(-1)).toEqual({ kind: "end" });
  });

  it("refuses what is not an HTTP/1.x response", () => {
    expect(() => parse("SSH-2.0-OpenSSH_9.2\r\n", { eof: false })).toThrow(`the server's answer is not an HTTP/1.x response: "SSH-2.0-OpenSSH_9.2"`);
    expect(() => parse("HTTP/2 200\r\n\r\n")).toThrow("not an HTTP/1.x response");
    expect(() => parse("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).toThrow(`bad header line "no colon here" in the response`);
    expect(() => parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")).toThrow(`bad Content-Length "3, 4" in the response`);
    expect(() => parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")).toThrow("bad Content-Length");
    expect(() => parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")).toThrow(`bad chunk size "zz" in the response`);
    expect(() => parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n")).toThrow("a chunk of the response does not end where its size says");
    expect(() => parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")).toThrow("the server switched protocols (101)");
    expect(() => parse(`HTTP/1.1 200 OK\r\nX-Big: ${"a".repeat(70_000)}`, { eof: false })).toThrow("the response head is larger than 65536 bytes");
  });

  it("refuses a response the connection cut off", () => {
    expect(() => parse("")).toThrow("the server closed the connection without a response");
    expect(() => parse("HTTP/1.1 200 OK\r\nContent-Le")).toThrow("the server closed the connection in the middle of the response head");
    expect(() => parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")).toThrow("the response ended after 3 of 10 bytes");
    expect(() => parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")).toThrow("the chunked response ended early, after 5 bytes");
  });
});
