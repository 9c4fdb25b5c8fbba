// Standalone proxy: `node --import tsx src/proxy/node-serve.ts`, listening on 127.0.0.1:$PORT (default
// 5174): the registry proxy, reaching the default registries plus those in $BERTH_ALLOW_REGISTRIES, and
// the egress relay at /egress, reaching package mirrors plus $BERTH_ALLOW_EGRESS.

import { allowEgressFromEnv } from "./egress/egress-policy.ts";
import { attachEgressRelay } from "./egress/node-egress.ts";
import { createRegistryProxyServer } from "./node-registry-proxy.ts";
import { allowRegistriesFromEnv } from "./registry-hosts.ts";

const port = Number(process.env["PORT"] ?? "5174");
const allowRegistries = allowRegistriesFromEnv(process.env["BERTH_ALLOW_REGISTRIES"]);
const server = createRegistryProxyServer({ allowRegistries });
attachEgressRelay(server, { path: "/egress", allowRegistries, allowEgress: allowEgressFromEnv(process.env["BERTH_ALLOW_EGRESS"]) });
server.listen(port, "127.0.0.1", () => {
  console.log(`proxy listening on http://127.0.0.1:${port}/<registry-host>/v2/ and ws://127.0.0.1:${port}/egress`);
});
