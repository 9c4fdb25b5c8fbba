import { createHash, randomBytes } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, createServer as createTcpServer, type Server, type Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PortUnavailableError, relayToPort, routeRequest, type OpenPort, type PortConnection } from "./port-relay.ts";

const origin = "http://127.0.0.1:5173";
const bigBody = randomBytes(5 * 1024 * 1024);
let releaseBigBody!: () => void;
const seen: { url?: string; headers?: IncomingMessage["headers"] } = {};

/** The container's web server, played by Node's own: each path answers one way. */
const routes: Record<string, (request: IncomingMessage, response: ServerResponse, body: Buffer) => void> = {
  "/hello": (_request, response) => response.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "11", "X-Served": "yes" }).end("hello world"),
  "/chunked": (_request, response) => {
    response.writeHead(200, { "Content-Type": "text/plain" });
    response.write("one ");
    setTimeout(() => response.end("two"), 20);
  },
  "/big": (_request, response) => {
    response.writeHead(200, { "Content-Length": String(bigBody.length) });
    response.write(bigBody.subarray(0, 1024 * 1024));
    // The rest only once the reader has had the first part: a relay that gathered the body would wait forever.
    new Promise<void>((resolve) => (releaseBigBody = resolve)).then(() => response.end(bigBody.subarray(1024 * 1024)));
  },
  "/echo": (request, response, body) => response.writeHead(201, { "Content-Type": "text/plain" }).end(`${request.method} ${body.toString()}`),
  "/login": (_request, response) => response.writeHead(302, { Location: "/welcome", "Set-Cookie": "session=1" }).end(),
  "/dir": (_request, response) => response.writeHead(301, { Location: "http://localhost/dir/" }).end(),
  "/away": (_request, response) => response.writeHead(302, { Location: "http://elsewhere.test/" }).end(),
  "/gzip": (_request, response) => response.writeHead(200, { "Content-Encoding": "gzip" }).end(gzipSync("compressed text")),
  "/empty": (_request, response) => response.writeHead(204).end(),
  "/cut": (_request, response) => {
    response.writeHead(200, { "Content-Length": "100" });
    response.write("only ten b");
    setTimeout(() => response.socket?.destroy(), 20);
  },
};

const servers: Server[] = [];
let httpPort = 0;
let rawPort = 0;
/** What the raw server says to the next connection (then it closes). */
let rawAnswer = "";

beforeAll(async () => {
  const http = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.url = request.url;
      seen.headers = request.headers;
      routes[new URL(request.url!, "http://x").pathname](request, response, Buffer.concat(chunks));
    });
  });
  const raw = createTcpServer((socket) => socket.once("data", () => socket.end(rawAnswer)));
  servers.push(http, raw);
  httpPort = await listen(http);
  rawPort = await listen(raw);
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

/** A connection over a real socket, standing in for the engine's stream to the published port. */
function socketConnection(port: number): Promise<PortConnection> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    socket.once("error", reject);
    socket.once("connect", () =>
      resolve({
        write: (bytes) => new Promise((written) => socket.write(bytes, () => written())),
        close: () => socket.destroy(),
        readable: new ReadableStream({
          start(controller) {
            socket.on("data", (bytes: Buffer) => controller.enqueue(new Uint8Array(bytes)));
            socket.on("end", () => controller.close());
            socket.on("error", (error) => controller.error(error));
          },
        }),
      }),
    );
  });
}

/** Port 8080 is the Node HTTP server, 8081 the raw one; nothing else is published. */
const open: OpenPort = async (port) => {
  if (port === 8080) return socketConnection(httpPort);
  if (port === 8081) return socketConnection(rawPort);
  throw new PortUnavailableError(502, `Nothing is published on port ${port}`, "no running container publishes it");
};

async function fetchPort(path: string, init?: RequestInit): Promise<Response> {
  const request = new Request(`${origin}${path}`, init);
  const route = routeRequest(new URL(request.url), "", false);
  if (!route) throw new Error(`${path} is not the relay's`);
  return (await relayToPort(request, route, open)).response;
}

describe("the port relay", () => {
  it("sends the request without the prefix, with Host and Connection: close, and passes the response on", async () => {
    const response = await fetchPort("/ports/8080/hello?x=1", { headers: { Accept: "text/plain" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-served")).toBe("yes");
    expect(await response.text()).toBe("hello world");
    expect(seen.url).toBe("/hello?x=1");
    expect(seen.headers).toMatchObject({ host: "localhost:8080", connection: "close", accept: "text/plain", "accept-encoding": "identity" });
  });

  it("reads chunked and close-delimited bodies", async () => {
    expect(await (await fetchPort("/ports/8080/chunked")).text()).toBe("one two");
    rawAnswer = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nup to the close";
    const response = await fetchPort("/ports/8081/");
    expect(await response.text()).toBe("up to the close");
  });

  it("streams a 5 MB body as it arrives, intact", async () => {
    const response = await fetchPort("/ports/8080/big");
    const reader = response.body!.getReader();
    const digest = createHash("sha256");
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      digest.update(value);
      received += value.length;
      if (received >= 1024 * 1024) releaseBigBody();
    }
    expect(received).toBe(bigBody.length);
    expect(digest.digest("hex")).toBe(createHash("sha256").update(bigBody).digest("hex"));
  });

  it("passes a request body", async () => {
    const response = await fetchPort("/ports/8080/echo", { method: "POST", body: "name=berth" });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("POST name=berth");
    expect(seen.headers?.["content-length"]).toBe("10");
  });

  it("keeps redirects to the server's own root under the prefix, and drops cookies", async () => {
    const login = await fetchPort("/ports/8080/login");
    expect([login.status, login.headers.get("location"), login.headers.get("set-cookie")]).toEqual([302, "/ports/8080/welcome", null]);
    expect((await fetchPort("/ports/8080/dir")).headers.get("location")).toBe("/ports/8080/dir/");
    expect((await fetchPort("/ports/8080/away")).headers.get("location")).toBe("http://elsewhere.test/");
  });

  it("decodes a gzip body, and passes a response without a body", async () => {
    const gzip = await fetchPort("/ports/8080/gzip");
    expect([gzip.headers.get("content-encoding"), await gzip.text()]).toEqual([null, "compressed text"]);
    const empty = await fetchPort("/ports/8080/empty");
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it("answers with a page that says why when the port cannot be reached or does not speak HTTP", async () => {
    const unpublished = await fetchPort("/ports/9999/");
    expect(unpublished.status).toBe(502);
    expect(await unpublished.text()).toContain("<h1>Nothing is published on port 9999</h1>");
    rawAnswer = "SSH-2.0-OpenSSH\r\n";
    const ssh = await fetchPort("/ports/8081/");
    expect([ssh.status, await ssh.text()]).toEqual([502, expect.stringContaining("Port 8081 did not answer with HTTP")]);
    rawAnswer = "";
    expect(await (await fetchPort("/ports/8081/")).text()).toContain("the server closed the connection without a response");
  });

  it("fails the body when the connection breaks off in the middle", async () => {
    const response = await fetchPort("/ports/8080/cut");
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("refuses WebSocket upgrades with a page that says so", async () => {
    const response = await fetchPort("/ports/8080/socket", { headers: { Upgrade: "websocket", Connection: "Upgrade" } });
    expect(response.status).toBe(501);
    expect(await response.text()).toContain("WebSockets do not pass");
  });
});

describe("routing a same-origin request", () => {
  const route = (path: string, referrer = "", navigation = false) => routeRequest(new URL(path, origin), referrer && new URL(referrer, origin).href, navigation);

  it("sends /ports/PORT/… to PORT, and adds the slash to /ports/PORT", () => {
    expect(route("/ports/8080/a/b?c=1")).toEqual({ port: 8080, target: "/a/b?c=1" });
    expect(route("/ports/8080/")).toEqual({ port: 8080, target: "/" });
    expect(route("/ports/8080?x")).toEqual({ redirect: "/ports/8080/?x" });
    expect(route("/ports/0/")).toEqual({ invalidPort: "0" });
    expect(route("/ports/web/")).toEqual({ invalidPort: "web" });
  });

  it("sends a previewed page's absolute paths to its port, by redirect for a navigation", () => {
    expect(route("/style.css", "/ports/8080/index.html")).toEqual({ port: 8080, target: "/style.css" });
    expect(route("/about?x=1", "/ports/8080/", true)).toEqual({ redirect: "/ports/8080/about?x=1" });
  });

  it("leaves the site's own files alone", () => {
    expect(route("/")).toBeUndefined();
    expect(route("/guest/manifest.json", "/")).toBeUndefined();
    expect(route("/style.css", "http://elsewhere.test/ports/8080/")).toBeUndefined();
  });
});
