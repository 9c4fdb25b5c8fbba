// The site's service worker, one for the whole origin (scope /, served as /service-worker.js by
// src/site-build/service-worker-bundle.ts). Each of its jobs claims the requests it serves and
// leaves the rest to the network as if there were no service worker:
// - the port preview (port-relay.ts): /ports/PORT/… reaches the container behind the published
//   port through the berth tab that runs the engine;
// - the offline copy of the app (offline-cache.ts): the build's files, kept on the first visit,
//   so the page loads with the network off. The build inlines its list as __BERTH_PRECACHE__;
//   under the dev server there is none and nothing is kept.
// A new version takes over as soon as it has its copy of the app (skipWaiting), so the next load
// is the new version's; it then deletes the older copies.

import { clientPortOpener } from "./client-port-channel.ts";
import { OfflineCache, removeAppCaches } from "./offline-cache.ts";
import { portsPrefix, relayToPort, routeRequest } from "./port-relay.ts";
import type { PrecacheManifest } from "./precache-manifest.ts";

declare const self: ServiceWorkerGlobalScope;
declare const __BERTH_PRECACHE__: PrecacheManifest | null;

const offline = __BERTH_PRECACHE__ === null ? undefined : new OfflineCache(__BERTH_PRECACHE__);

const openPort = clientPortOpener({
  /** Tabs of the site that are not previews themselves, the one in front first. */
  async candidates() {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const rank = (client: WindowClient) => (client.focused ? 0 : client.visibilityState === "visible" ? 1 : 2);
    return windows.filter((client) => !new URL(client.url).pathname.startsWith(portsPrefix)).sort((a, b) => rank(a) - rank(b));
  },
  exists: async (id) => (await self.clients.get(id)) !== undefined,
});

self.addEventListener("install", (event) => {
  void self.skipWaiting();
  // A copy that could not be completed now is completed on a later load; the port preview works meanwhile.
  if (offline) event.waitUntil(offline.fill().catch((error: unknown) => console.warn("berth: the app is not kept for offline use:", error)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(offline ? offline.removeOtherVersions() : removeAppCaches());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  const route = routeRequest(url, event.request.referrer, event.request.mode === "navigate");
  if (route) {
    const relayed = relayToPort(event.request, route, openPort);
    event.respondWith(relayed.then((result) => result.response));
    event.waitUntil(relayed.then((result) => result.finished));
    return;
  }
  const kept = offline?.respond(event.request);
  if (!kept) return;
  event.respondWith(kept);
  // Each load of the page completes the copy if the browser evicted part of it.
  if (event.request.mode === "navigate") event.waitUntil(kept.then(() => offline?.fill()).catch(() => undefined));
});
