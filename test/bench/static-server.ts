// A plain static file server for the production build that counts the bytes it sends, so the
// benchmark can report what a first visit transfers. Configured like a static host with
// compression on: it gzips a file when the browser accepts gzip and that saves at least a tenth;
// already-compressed assets (the LZ4 kernel's payload, gzip layers) mostly go as they are.
// Paths under /registry/ go to the registry proxy, as the app expects of its site; the proxy's
// bytes are not counted.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { registryProxyMiddleware } from "../../src/proxy/node-registry-proxy.ts";
import { servedToAnyOrigin } from "../../src/site-build/embed-script.ts";
import { gzipIfWorthwhile } from "../../src/site-build/site-sizes.ts";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

export interface CountingServer {
  url: string;
  /** Bytes of response bodies as sent on the wire, and as the files are. */
  bytesSent(): { wire: number; files: number };
  /** Bytes on the wire by path, since the last reset. */
  bytesByPath(): ReadonlyMap<string, number>;
  resetCount(): void;
  close(): Promise<void>;
}

/** Serves `root`, with the registry proxy reaching `allowRegistries` ("host[:port]") besides the defaults. */
export async function serveDirectory(root: string, allowRegistries: readonly string[] = []): Promise<CountingServer> {
  let wire = 0;
  let files = 0;
  const byPath = new Map<string, number>();
  const gzipped = new Map<string, Buffer | undefined>();
  const registryProxy = registryProxyMiddleware({ basePath: "/registry", allowRegistries });
  const serveFile = (request: IncomingMessage, response: ServerResponse) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const path = join(root, normalize(pathname === "/" ? "/index.html" : pathname));
    try {
      if (!statSync(path).isFile()) throw new Error("not a file");
    } catch {
      response.writeHead(404).end();
      return;
    }
    const extension = extname(path);
    let body: Buffer = readFileSync(path);
    files += body.length;
    const headers: Record<string, string> = { "content-type": contentTypes[extension] ?? "application/octet-stream", "cache-control": "no-cache" };
    // As a static host set up for the embed: pages of other origins load embed.js and its modules.
    if (servedToAnyOrigin(pathname)) headers["access-control-allow-origin"] = "*";
    if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) {
      if (!gzipped.has(path)) gzipped.set(path, gzipIfWorthwhile(body));
      const compressed = gzipped.get(path);
      if (compressed) {
        body = compressed;
        headers["content-encoding"] = "gzip";
      }
    }
    headers["content-length"] = String(body.length);
    wire += body.length;
    byPath.set(pathname, (byPath.get(pathname) ?? 0) + body.length);
    response.writeHead(200, headers).end(body);
  };
  const server: Server = createServer((request, response) => {
    registryProxy(request, response, (error) => {
      if (error === undefined) serveFile(request, response);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    bytesSent: () => ({ wire, files }),
    bytesByPath: () => byPath,
    resetCount: () => {
      wire = 0;
      files = 0;
      byPath.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
