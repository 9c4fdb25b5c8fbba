// The site's service worker, one for the whole origin (scope /, served as /service-worker.js by
// src/site-build/service-worker-bundle.ts). Each of its jobs claims the requests it serves and
// leaves the rest to the network as if there were no service worker. Its job today is the port
// preview (port-relay.ts): /ports/PORT/… reaches the container behind the published port through
// the berth tab that runs the engine. (The app's offline cache, issue 13, is to join it here.)

import { clientPortOpener } from "./client-port-channel.ts";
import { portsPrefix, relayToPort, routeRequest } from "./port-relay.ts";

declare const self: ServiceWorkerGlobalScope;

const openPort = clientPortOpener({
  /** Tabs of the site that are not previews themselves, the one in front first. */
  async candidates() {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const rank = (client: WindowClient) => (client.focused ? 0 : client.visibilityState === "visible" ? 1 : 2);
    return windows.filter((client) => !new URL(client.url).pathname.startsWith(portsPrefix)).sort((a, b) => rank(a) - rank(b));
  },
  exists: async (id) => (await self.clients.get(id)) !== undefined,
});

self.addEventListener("install", () => void self.skipWaiting());

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  const route = routeRequest(url, event.request.referrer, event.request.mode === "navigate");
  if (!route) return;
  const relayed = relayToPort(event.request, route, openPort);
  event.respondWith(relayed.then((result) => result.response));
  event.waitUntil(relayed.then((result) => result.finished));
});
