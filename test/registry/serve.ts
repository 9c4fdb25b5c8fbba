// Serves the fixture images from a local registry, to try berth against by hand: builds the
// fixtures (cached), runs Debian's docker-registry on 127.0.0.1:${PORT:-5000}, pushes every fixture
// and prints the command that starts the app with that registry allowed. Ctrl-C stops the registry
// and deletes its storage.
//
// Run: npm run registry

import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startLocalRegistry } from "./local-registry.ts";
import { pushFixtures } from "./push-fixtures.ts";

const fixtures = await ensureFixtures();
const registry = await startLocalRegistry({ port: Number(process.env.PORT ?? 5000) });
const pushed = await pushFixtures(registry.url, fixtures);

console.log(`Registry at ${registry.url} serving:`);
for (const reference of pushed.keys()) console.log(`  ${registry.host}/${reference}`);
console.log(`\nStart berth with it allowed:\n\n  BERTH_ALLOW_REGISTRIES=${registry.host} npm start\n`);

const shutdown = () => {
  registry.close().then(() => process.exit(0), () => process.exit(1));
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
