// The embed in the build and on the servers. `vite build` makes three entries: the app
// (index.html), the engine frame (embed/frame.html) and embed.js at the site root under that
// stable name (it imports content-hashed modules beside the app's). The dev server answers
// /embed.js with the module's source entry, and /tutorial/ with the sample docs page. Pages on other origins load embed.js and its modules
// as module scripts, which browsers fetch with CORS: both servers allow any origin on them (a
// static host serving the site must do the same for /embed.js and /assets/).

import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { embedScriptFile } from "./embed-files.ts";

const sourceRoot = fileURLToPath(new URL("../", import.meta.url));

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** The site's paths that pages of any origin load as modules: embed.js, the hashed modules, the frame. */
export function servedToAnyOrigin(path: string): boolean {
  return path === `/${embedScriptFile}` || path.startsWith("/assets/") || path.startsWith("/embed/");
}

const allowAnyOrigin: Middleware = (request, response, next) => {
  if (servedToAnyOrigin(request.url?.split("?")[0] ?? "")) response.setHeader("Access-Control-Allow-Origin", "*");
  next();
};

const serveDevEmbedScript: Middleware = (request, response, next) => {
  if (request.url?.split("?")[0] !== `/${embedScriptFile}`) return next();
  response.writeHead(200, { "Content-Type": "text/javascript", "Cache-Control": "no-cache" }).end(`export * from "/embed/embed.ts";\n`);
};

/** The dev server answers a public folder's address (/tutorial/) with its index.html, as a static host does, not with the app. */
function publicFolderIndexes(publicDir: string): Middleware {
  return (request, _response, next) => {
    const [path, query] = (request.url ?? "/").split("?", 2);
    if (path !== "/" && path.endsWith("/") && !path.includes("..") && existsSync(join(publicDir, path, "index.html"))) {
      request.url = `${path}index.html${query === undefined ? "" : `?${query}`}`;
    }
    next();
  };
}

export function embedScript(): Plugin {
  return {
    name: "berth-embed-script",
    config: () => ({
      build: {
        rolldownOptions: {
          // An app's build drops its entries' exports; embed.js keeps `boot` for the authors' scripts.
          preserveEntrySignatures: "exports-only",
          input: {
            index: `${sourceRoot}index.html`,
            frame: `${sourceRoot}embed/frame.html`,
            embed: `${sourceRoot}embed/embed.ts`,
          },
          output: { entryFileNames: (chunk) => (chunk.name === "embed" ? embedScriptFile : "assets/[name]-[hash].js") },
        },
      },
    }),
    configureServer(server) {
      server.middlewares.use(allowAnyOrigin);
      server.middlewares.use(serveDevEmbedScript);
      if (server.config.publicDir) server.middlewares.use(publicFolderIndexes(server.config.publicDir));
    },
    configurePreviewServer(server) {
      server.middlewares.use(allowAnyOrigin);
    },
  };
}
