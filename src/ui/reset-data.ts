// "Reset all data": erases what the site keeps in this browser, then reloads the page into a fresh
// engine. The engine empties its IndexedDB stores (the page never touches IndexedDB itself) and is
// ended at once, so nothing of its old state is written back. The page clears its own settings
// (the docker contexts in localStorage) and the caches, all but the app's offline copy, which is the
// app rather than data: kept, the page still loads after a reset with the network off (the service
// worker replaces it with each new version). Pages of published ports share the origin, so what
// they stored goes too. The site's other tabs end their engines and reload as well: theirs would
// write their old state back.

import type { EngineApi } from "../api/engine-api.ts";
import { isAppCache } from "../service-worker/precache-manifest.ts";

export interface ResettableSite {
  engine: Pick<EngineApi, "engineReset">;
  /** Ends the engine (terminates its worker). */
  endEngine(): void;
  storages: Storage[];
  caches: CacheStorage | undefined;
  reload(): void;
}

const resetChannel = "berth-reset";

export async function resetAllData(site: ResettableSite): Promise<void> {
  await site.engine.engineReset({});
  site.endEngine();
  const otherTabs = new BroadcastChannel(resetChannel);
  otherTabs.postMessage("reset");
  otherTabs.close();
  for (const storage of site.storages) storage.clear();
  if (site.caches) {
    const names = (await site.caches.keys()).filter((name) => !isAppCache(name));
    await Promise.all(names.map((name) => site.caches!.delete(name)));
  }
  site.reload();
}

/** Ends this tab's engine and reloads the page when another tab resets all data. */
export function followResets(site: Pick<ResettableSite, "endEngine" | "reload">): void {
  new BroadcastChannel(resetChannel).addEventListener("message", () => {
    site.endEngine();
    site.reload();
  });
}
