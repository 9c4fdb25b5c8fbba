// A plain static file server for the production build that counts the bytes it sends, so the
// benchmark can report what a first visit transfers.

import { createServer, type Server } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

export interface CountingServer {
  url: string;
  bytesSent(): number;
  resetCount(): void;
  close(): Promise<void>;
}

export async function serveDirectory(root: string): Promise<CountingServer> {
  let sent = 0;
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const relative = normalize(pathname === "/" ? "/index.html" : pathname);
    const path = join(root, relative);
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "content-type": contentTypes[extname(path)] ?? "application/octet-stream",
      "content-length": String(size),
      "cache-control": "no-cache",
    });
    sent += size;
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    bytesSent: () => sent,
    resetCount: () => (sent = 0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
