// Which registry hosts the proxy may reach, keyed by canonical "host[:port]".

/** Hosts reachable without configuration: public registries, their token services and blob CDNs. */
export const defaultRegistryHosts: readonly string[] = [
  "registry-1.docker.io",
  "auth.docker.io",
  "production.cloudflare.docker.com",
  "ghcr.io",
  "quay.io",
  "gcr.io",
  "registry.k8s.io",
  "public.ecr.aws",
];

/** Path names that stand for another host, as `docker pull` spells them. */
const hostAliases: Readonly<Record<string, string>> = { "docker.io": "registry-1.docker.io" };

/**
 * Canonical "host[:port]" (lower case, IP literals normalized, :443 dropped), or undefined when
 * the text is not a bare host. Numeric IPv4 spellings such as 2130706433 become dotted quads here,
 * so the private-address check cannot be dodged by spelling.
 */
export function canonicalHost(text: string): string | undefined {
  if (text === "" || /[/\\@?#\s]/.test(text)) return undefined;
  try {
    const host = new URL(`https://${text}`).host;
    return hostAliases[host] ?? host;
  } catch {
    return undefined;
  }
}

/** Parses BERTH_ALLOW_REGISTRIES: comma-separated host[:port] entries; invalid entries throw. */
export function allowRegistriesFromEnv(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      if (canonicalHost(entry) === undefined) throw new Error(`BERTH_ALLOW_REGISTRIES: not a host[:port]: ${entry}`);
      return entry;
    });
}
