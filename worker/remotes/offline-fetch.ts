// A registry fetch that says so when the network is unavailable. A browser's fetch fails with a
// bare "Failed to fetch" whatever the cause; when the browser reports itself offline, the failure
// becomes Go's words for a dial without a network, and is not retried (network-failure.ts): there
// is nothing to wait for.

/** The reason a request failed while offline: "dial tcp: lookup HOST: network is unavailable (…)". */
export class NetworkUnavailableError extends Error {
  override readonly name = "NetworkUnavailableError";
}

/**
 * `fetchImpl`, whose failures while `online()` is false are NetworkUnavailableErrors naming the
 * host `hostOf` gives for the request's address (the registry's, where the address is the proxy's).
 */
export function failingOffline(fetchImpl: typeof fetch, online: () => boolean, hostOf: (url: URL) => string): typeof fetch {
  return async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (error) {
      if (online() || init?.signal?.aborted) throw error;
      const url = new URL(input instanceof Request ? input.url : String(input));
      throw new NetworkUnavailableError(`dial tcp: lookup ${hostOf(url)}: network is unavailable (the browser is offline)`, { cause: error });
    }
  };
}
