// The app opened in a fresh browser profile beside Debian's docker-registry on loopback, holding the
// fixture images (all, or the repositories named), which the app's registry proxy may reach.

import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import type { FixtureRepository } from "../fixtures/fixture-images.ts";
import { startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import { openAppPage, type PageSession } from "./page-session.ts";

export interface FixtureRegistrySession extends PageSession {
  registry: LocalRegistry;
  /** Closes the browser, the app and the registry. */
  close(): Promise<void>;
}

export async function openAppWithFixtureRegistry(repositories?: readonly FixtureRepository[]): Promise<FixtureRegistrySession> {
  const fixtures = await ensureFixtures();
  const registry = await startLocalRegistry();
  try {
    await pushFixtures(registry.url, fixtures, repositories);
    process.env.BERTH_ALLOW_REGISTRIES = registry.host;
    const session = await openAppPage();
    return {
      ...session,
      registry,
      async close() {
        await session.browser.close();
        await session.app.close();
        await registry.close();
      },
    };
  } catch (error) {
    await registry.close();
    throw error;
  }
}
