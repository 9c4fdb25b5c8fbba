import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import type { Server } from "node:http";
import { allowEgressFromEnv } from "./src/proxy/egress/egress-policy.ts";
import { attachEgressRelay, egressInfoMiddleware } from "./src/proxy/egress/node-egress.ts";
import { registryProxyMiddleware } from "./src/proxy/node-registry-proxy.ts";
import { allowRegistriesFromEnv } from "./src/proxy/registry-hosts.ts";
import { embedScript } from "./src/site-build/embed-script.ts";
import { hashedGuestFiles } from "./src/site-build/hashed-guest-files.ts";
import { serviceWorker } from "./src/site-build/service-worker-bundle.ts";
import { siteSizeReport } from "./src/site-build/size-report.ts";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * The registry proxy under /registry/ and the containers' egress relay at /egress, so the one start
 * command serves the whole app.
 */
function proxies(): Plugin {
  const allowRegistries = allowRegistriesFromEnv(process.env.BERTH_ALLOW_REGISTRIES);
  const egress = { path: "/egress", allowRegistries, allowEgress: allowEgressFromEnv(process.env.BERTH_ALLOW_EGRESS) };
  const serve = (server: { middlewares: { use(handler: never): unknown }; httpServer: unknown }) => {
    server.middlewares.use(registryProxyMiddleware({ basePath: "/registry", allowRegistries }) as never);
    server.middlewares.use(egressInfoMiddleware(egress) as never);
    if (server.httpServer) attachEgressRelay(server.httpServer as Server, egress);
  };
  return { name: "berth-proxies", configureServer: serve, configurePreviewServer: serve };
}

export default defineConfig({
  plugins: [proxies(), serviceWorker(), embedScript(), hashedGuestFiles(), siteSizeReport()],
  root: `${repoRoot}src`,
  publicDir: `${repoRoot}public`,
  server: {
    host: "127.0.0.1",
    port: 5173,
    fs: { allow: [repoRoot] },
  },
  preview: { host: "127.0.0.1" },
  worker: { format: "es" },
  // The builder's .dockerignore matcher (@balena/dockerignore) requires Node's path module.
  resolve: { alias: { path: "path-browserify" } },
  build: {
    outDir: `${repoRoot}dist`,
    emptyOutDir: true,
    target: "es2022",
  },
  optimizeDeps: { exclude: ["v86"] },
});
