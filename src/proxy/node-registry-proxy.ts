// Serves the fetch-style registry proxy from Node's http server: as connect middleware (vite's dev
// server) or as a standalone server. Bodies stream in both directions.

import { lookup } from "node:dns/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { isPrivateAddressLiteral } from "./private-address.ts";
import { createRegistryProxy, type RegistryProxyConfig } from "./registry-proxy.ts";

type FetchHandler = (request: Request) => Promise<Response>;

/** Connect middleware answering requests under `config.basePath` (e.g. "/registry") and passing on the rest. */
export function registryProxyMiddleware(
  config: RegistryProxyConfig & { basePath: string },
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const handler = createRegistryProxy(withNodeDefaults(config));
  const prefix = `${config.basePath.replace(/\/$/, "")}/`;
  return (req, res, next) => {
    if (!(req.url ?? "").startsWith(prefix)) return next();
    serveWith(handler, req, res).catch(next);
  };
}

/** A standalone http server for the proxy mounted at the root. */
export function createRegistryProxyServer(config: RegistryProxyConfig): Server {
  const handler = createRegistryProxy(withNodeDefaults(config));
  return createServer((req, res) => {
    serveWith(handler, req, res).catch(() => res.destroy());
  });
}

/** Node can resolve names, so it fills the proxy's DNS hook unless the caller chose one. */
function withNodeDefaults(config: RegistryProxyConfig): RegistryProxyConfig {
  return { ...config, isPrivateHostName: config.isPrivateHostName ?? resolvesToPrivateAddress };
}

/** True when any address the name resolves to is private; unresolvable names are left to fetch to fail. */
async function resolvesToPrivateAddress(hostname: string): Promise<boolean> {
  try {
    const addresses = await lookup(hostname, { all: true });
    return addresses.some(({ address }) => isPrivateAddressLiteral(address));
  } catch {
    return false;
  }
}

async function serveWith(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = await handler(toRequest(req, res));
  await writeResponse(response, res);
}

function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort(new Error("client went away"));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const init: RequestInit & { duplex?: "half" } = {
    method: req.method ?? "GET",
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  };
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, init);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string[]> = {};
  response.headers.forEach((value, name) => {
    (headers[name] ??= []).push(value);
  });
  if (response.statusText === "") res.writeHead(response.status, headers);
  else res.writeHead(response.status, response.statusText, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drainedOrClosed(res);
    }
    res.end();
  } catch {
    // The upstream failed mid-body (e.g. the size cap): cut the connection so the client sees a truncated body.
    res.destroy();
  }
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      res.off("drain", settle);
      res.off("close", settle);
      resolve();
    };
    res.on("drain", settle);
    res.on("close", settle);
  });
}
