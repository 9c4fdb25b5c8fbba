import { describe, expect, it } from "vitest";
import { encodeRequest } from "./http-request.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("writing an HTTP/1.1 request", () => {
  it("writes the request line, Host, the end-to-end headers and its own framing headers", () => {
    const headers = new Headers({ Accept: "text/html", "X-Trace": "a b", Connection: "keep-alive", "Accept-Encoding": "gzip", Upgrade: "websocket" });
    expect(text(encodeRequest({ method: "GET", target: "/a/b?c=1&d=%20", host: "localhost:8080", headers }))).toBe(
      "GET /a/b?c=1&d=%20 HTTP/1.1\r\nHost: localhost:8080\r\naccept: text/html\r\nx-trace: a b\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n",
    );
  });

  it("frames a body with its length, and an empty POST too", () => {
    const body = new TextEncoder().encode("name=berth");
    const headers: [string, string][] = [["Content-Type", "application/x-www-form-urlencoded"], ["Content-Length", "999"]];
    expect(text(encodeRequest({ method: "POST", target: "/form", host: "h", headers, body }))).toBe(
      "POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\nname=berth",
    );
    expect(text(encodeRequest({ method: "POST", target: "/", host: "h", headers: [] }))).toContain("\r\nContent-Length: 0\r\n");
  });

  it("refuses a method, target or header that would break the request", () => {
    expect(() => encodeRequest({ method: "GET /x", target: "/", host: "h", headers: [] })).toThrow("invalid HTTP method");
    expect(() => encodeRequest({ method: "GET", target: "/a b", host: "h", headers: [] })).toThrow("invalid request target");
    expect(() => encodeRequest({ method: "GET", target: "x", host: "h", headers: [] })).toThrow("invalid request target");
    expect(() => encodeRequest({ method: "GET", target: "/", host: "h", headers: [["X-Bad", "a\r\nInjected: yes"]] })).toThrow(`invalid header "X-Bad"`);
  });
});
