// Standalone registry proxy: `node --import tsx src/proxy/node-serve.ts`, listening on 127.0.0.1:$PORT
// (default 5174) and reaching the default registries plus those in $BERTH_ALLOW_REGISTRIES.

import { createRegistryProxyServer } from "./node-registry-proxy.ts";
import { allowRegistriesFromEnv } from "./registry-hosts.ts";

const port = Number(process.env["PORT"] ?? "5174");
const server = createRegistryProxyServer({ allowRegistries: allowRegistriesFromEnv(process.env["BERTH_ALLOW_REGISTRIES"]) });
server.listen(port, "127.0.0.1", () => {
  console.log(`registry proxy listening on http://127.0.0.1:${port}/<registry-host>/v2/`);
});
