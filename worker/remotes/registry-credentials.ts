// A user's login for one registry, as Docker's client sends it in X-Registry-Auth: base64url JSON
// with username, password and serveraddress. It is used only for the registry it names, so one
// registry's password never reaches another.

export interface RegistryCredentials {
  username: string;
  password: string;
}

/** Docker Hub's login is saved under its old index address. */
const hostAliases: Readonly<Record<string, string>> = { "index.docker.io": "docker.io", "registry-1.docker.io": "docker.io" };

/**
 * The credentials in an X-Registry-Auth header for the registry `domain`, or undefined when the
 * header is absent, unreadable, empty, or for another registry.
 */
export function credentialsFor(header: string | undefined, domain: string): RegistryCredentials | undefined {
  if (!header) return undefined;
  let auth: { username?: unknown; password?: unknown; serveraddress?: unknown };
  try {
    const base64 = header.replace(/-/g, "+").replace(/_/g, "/");
    auth = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (character) => character.charCodeAt(0)))) as typeof auth;
  } catch {
    return undefined;
  }
  if (typeof auth.username !== "string" || auth.username === "" || typeof auth.password !== "string") return undefined;
  if (typeof auth.serveraddress === "string" && auth.serveraddress !== "" && serverHost(auth.serveraddress) !== serverHost(domain)) return undefined;
  return { username: auth.username, password: auth.password };
}

/** The registry a server address names, as logins are kept: "127.0.0.1:5000", "docker.io". */
export function serverHost(address: string): string {
  const host = address.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
  return hostAliases[host] ?? host;
}

/** The Basic authorization header value. */
export function basicAuthorization(credentials: RegistryCredentials): string {
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}
