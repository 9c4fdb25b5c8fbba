import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { registryProxyMiddleware } from "./src/proxy/node-registry-proxy.ts";
import { allowRegistriesFromEnv } from "./src/proxy/registry-hosts.ts";
import { hashedGuestFiles } from "./src/site-build/hashed-guest-files.ts";
import { serviceWorker } from "./src/site-build/service-worker-bundle.ts";
import { siteSizeReport } from "./src/site-build/size-report.ts";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

/** The registry proxy under /registry/, so the one start command serves the whole app. */
function registryProxy(): Plugin {
  const middleware = () =>
    registryProxyMiddleware({ basePath: "/registry", allowRegistries: allowRegistriesFromEnv(process.env.BERTH_ALLOW_REGISTRIES) });
  return {
    name: "berth-registry-proxy",
    configureServer: (server) => void server.middlewares.use(middleware()),
    configurePreviewServer: (server) => void server.middlewares.use(middleware()),
  };
}

export default defineConfig({
  plugins: [registryProxy(), serviceWorker(), hashedGuestFiles(), siteSizeReport()],
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
