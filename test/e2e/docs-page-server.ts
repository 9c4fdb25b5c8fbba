// A documentation author's site for the embed tests: serves the given pages (path → HTML) from a
// loopback port of its own, so berth's embed comes from another origin.

import { createServer } from "node:http";
import type { RunningApp } from "./app-server.ts";

export async function serveDocsPages(pages: Record<string, string>): Promise<RunningApp> {
  const server = createServer((request, response) => {
    const page = pages[new URL(request.url ?? "/", "http://localhost").pathname];
    if (page === undefined) response.writeHead(404).end();
    else response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the docs server did not report a port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
