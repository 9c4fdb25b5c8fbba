// Decides which upstream URLs the proxy may fetch, so it never acts as an open relay.

import { isLoopbackHost, isPrivateAddressLiteral } from "./private-address.ts";
import { canonicalHost, defaultRegistryHosts } from "./registry-hosts.ts";

export interface HostPolicyOptions {
  /** Extra "host[:port]" entries; these may be private or loopback (the operator chose them). */
  allowRegistries: readonly string[];
  /**
   * Hook for runtimes that can resolve names (e.g. Node's dns): true when a host name resolves to
   * a private, loopback or link-local address. Without it only IP literals are checked.
   */
  isPrivateHostName?: ((hostname: string) => Promise<boolean>) | undefined;
}

export interface HostPolicy {
  /** "https://host" or, for a configured loopback registry, "http://host"; undefined if not allowed. */
  originFor(host: string): string | undefined;
  /** Why `url` may not be fetched, or undefined when it may. */
  refusal(url: URL): Promise<string | undefined>;
  /**
   * Why a redirect from an allowlisted registry to `url` may not be followed. Registries send blobs
   * from storage hosts of their own choosing, so any public https host is fine; private ones are not.
   */
  redirectRefusal(url: URL): Promise<string | undefined>;
}

export function createHostPolicy(options: HostPolicyOptions): HostPolicy {
  const configured = new Set(options.allowRegistries.map((entry) => canonicalHost(entry) ?? ""));
  configured.delete("");
  const allowed = new Set([...defaultRegistryHosts, ...configured]);

  const originFor = (host: string): string | undefined => {
    const canonical = canonicalHost(host);
    if (canonical === undefined || !allowed.has(canonical)) return undefined;
    const hostname = new URL(`https://${canonical}`).hostname;
    const scheme = configured.has(canonical) && isLoopbackHost(hostname) ? "http" : "https";
    return `${scheme}://${canonical}`;
  };

  const refusal = async (url: URL): Promise<string | undefined> => {
    const host = canonicalHost(url.host);
    if (host !== undefined && !configured.has(host) && isPrivateAddressLiteral(url.hostname)) {
      return `${url.hostname} is a private address; the proxy reaches private, link-local and loopback registries only when BERTH_ALLOW_REGISTRIES lists them`;
    }
    if (host === undefined || !allowed.has(host)) return `registry host ${url.host} is not on the proxy's allowlist`;
    if (url.origin !== new URL(originFor(host) ?? "").origin) return `${url.origin} is not an allowed scheme or port`;
    if (configured.has(host)) return undefined;
    if (isPrivateAddressLiteral(url.hostname)) return `${url.hostname} is a private address`;
    if (options.isPrivateHostName && (await options.isPrivateHostName(url.hostname))) {
      return `${url.hostname} resolves to a private address`;
    }
    return undefined;
  };

  const redirectRefusal = async (url: URL): Promise<string | undefined> => {
    const host = canonicalHost(url.host);
    if (host !== undefined && allowed.has(host)) return refusal(url);
    if (url.protocol !== "https:") return `redirect to ${url.origin} refused: blob hosts must use https`;
    if (isPrivateAddressLiteral(url.hostname)) return `redirect to ${url.hostname} refused: it is a private address`;
    if (options.isPrivateHostName && (await options.isPrivateHostName(url.hostname))) {
      return `redirect to ${url.hostname} refused: it resolves to a private address`;
    }
    return undefined;
  };

  return { originFor, refusal, redirectRefusal };
}
