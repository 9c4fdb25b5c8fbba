// Registers the site's service worker (src/service-worker/service-worker.ts, served at the site
// root so that it covers the whole origin) and waits until it is active.

const serviceWorkerUrl = "/service-worker.js";

/** Resolves whether the service worker runs: not where the browser has none (a non-secure origin, some private modes). */
export async function registerSiteServiceWorker(container: ServiceWorkerContainer | undefined): Promise<boolean> {
  if (!container) return false;
  try {
    await container.register(serviceWorkerUrl, { scope: "/" });
    await container.ready;
    return true;
  } catch (error) {
    console.warn("berth: the service worker could not start:", error);
    return false;
  }
}
