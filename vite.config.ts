import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: `${repoRoot}src`,
  publicDir: `${repoRoot}public`,
  server: {
    host: "127.0.0.1",
    port: 5173,
    fs: { allow: [repoRoot] },
  },
  preview: { host: "127.0.0.1" },
  worker: { format: "es" },
  build: {
    outDir: `${repoRoot}dist`,
    emptyOutDir: true,
    target: "es2022",
  },
  optimizeDeps: { exclude: ["v86"] },
});
