// A daemon's address as a user writes it (`docker context create --docker host=…`, `docker -H …`)
// and the base URL the page's client sends to. A page can only speak HTTP: tcp:// is plain HTTP as
// in Docker (port 2375 when none is given), http:// and https:// are taken as they are.

const defaultTcpPort = "2375";

export class InvalidDaemonHostError extends Error {}

/** "http://127.0.0.1:2375" for "tcp://127.0.0.1:2375"; throws InvalidDaemonHostError. */
export function daemonBaseUrl(host: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  if (scheme === undefined) throw new InvalidDaemonHostError(`unable to parse docker host \`${host}\``);
  if (scheme !== "tcp" && scheme !== "http" && scheme !== "https") {
    throw new InvalidDaemonHostError(`a page reaches a daemon over tcp://, http:// or https:// only, not ${scheme}://`);
  }
  let url: URL;
  try {
    url = new URL(scheme === "tcp" ? `http://${host.slice("tcp://".length)}` : host);
  } catch {
    throw new InvalidDaemonHostError(`unable to parse docker host \`${host}\``);
  }
  if (url.hostname === "" || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new InvalidDaemonHostError(`unable to parse docker host \`${host}\``);
  }
  if (scheme === "tcp" && url.port === "") url.port = defaultTcpPort;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
