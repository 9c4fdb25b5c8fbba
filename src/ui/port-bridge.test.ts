// The preview's whole relay short of the browser: the service worker's relay and channel, a real
// MessageChannel, the page's bridge, the engine's PortConnect (the real connector over a socket-backed
// stand-in for the guest agent), and a real HTTP server in place of the container's.

import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoopbackTcpAgent } from "../../test/unit/loopback-tcp-agent.ts";
import { PortConnector } from "../../worker/networks/port-connection.ts";
import { PublishedPorts } from "../../worker/networks/published-ports.ts";
import { clientPortOpener, type EngineClient } from "../service-worker/client-port-channel.ts";
import { relayToPort, routeRequest } from "../service-worker/port-relay.ts";
import { servePortConnections } from "./port-bridge.ts";

const bigBody = randomBytes(5 * 1024 * 1024);
let server: Server;
let serverPort = 0;
const agent = new LoopbackTcpAgent();
let releaseSlow!: () => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/big") return void response.writeHead(200, { "Content-Length": String(bigBody.length) }).end(bigBody);
      if (request.url === "/slow") {
        response.writeHead(200, { "Content-Length": "8" }).write("part ");
        return void new Promise<void>((resolve) => (releaseSlow = resolve)).then(() => response.end("two"));
      }
      response.writeHead(200, { "Content-Type": "text/plain" }).end(`${request.method} ${request.url} ${Buffer.concat(chunks).toString()}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverPort = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A page running an engine that publishes 8080 (the HTTP server), as a window client of the service worker. */
async function enginePage(id: string): Promise<EngineClient> {
  const ports = new PublishedPorts();
  await ports.claim([{ hostIp: "0.0.0.0", hostPort: 8080, containerId: "web", containerAddress: "127.0.0.1", containerPort: serverPort, protocol: "tcp" }]);
  const connector = new PortConnector({ ports, runningContainer: () => ({ agent, stopped: new Promise(() => undefined) }) });
  const messages = new EventTarget();
  servePortConnections(messages as EventTarget & { addEventListener(type: "message", listener: (event: MessageEvent) => void): void }, { portConnect: ({ port }, sink) => connector.connect(port, sink) }, (value) => value);
  return { id, postMessage: (message, transfer) => messages.dispatchEvent(new MessageEvent("message", { data: message, ports: transfer as MessagePort[] })) };
}

/** A window client without an engine (another page of the site, or one still loading): it never answers. */
const silentPage: EngineClient = { id: "silent", postMessage: () => undefined };

async function fetchThrough(candidates: EngineClient[], path: string, init?: RequestInit, exists = async () => true): Promise<Response> {
  const request = new Request(`http://127.0.0.1:5173${path}`, init);
  const open = clientPortOpener({ candidates: async () => candidates, exists, answerTimeoutMs: 100, watchIntervalMs: 20 });
  return (await relayToPort(request, routeRequest(new URL(request.url), "", false)!, open)).response;
}

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("the preview through the page's engine", () => {
  it("relays a request and its response, and the connection ends with it", async () => {
    const response = await fetchThrough([await enginePage("app")], "/ports/8080/form?a=1", { method: "POST", body: "x=1" });
    expect(await response.text()).toBe("POST /form?a=1 x=1");
    await until(() => agent.openHandles.length === 0);
  });

  it("passes a 5 MB response intact", async () => {
    const response = await fetchThrough([await enginePage("app")], "/ports/8080/big");
    const body = Buffer.from(await response.arrayBuffer());
    expect(createHash("sha256").update(body).digest("hex")).toBe(createHash("sha256").update(bigBody).digest("hex"));
  });

  it("asks the next tab when one does not answer, and says so when none runs berth", async () => {
    expect(await (await fetchThrough([silentPage, await enginePage("app")], "/ports/8080/")).text()).toBe("GET / ");
    const none = await fetchThrough([silentPage], "/ports/8080/");
    expect(none.status).toBe(503);
    expect(await none.text()).toContain("berth is not running");
  });

  it("says when nothing is published on the port", async () => {
    const response = await fetchThrough([await enginePage("app")], "/ports/9999/");
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("No running container publishes port 9999.");
  });

  it("fails the body when the tab that runs the engine closes", async () => {
    let tabOpen = true;
    const response = await fetchThrough([await enginePage("app")], "/ports/8080/slow", undefined, async () => tabOpen);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("part ");
    tabOpen = false;
    await expect(reader.read()).rejects.toThrow("the berth tab that ran the engine was closed");
    releaseSlow();
    await until(() => agent.openHandles.length === 0);
  });
});
