// Image references checked and normalised on the client, as the docker CLI does before it asks the
// daemon (distribution/reference's ParseNormalizedNamed and ParseAnyReference): "debian" is
// docker.io/library/debian, a first component with "." or ":" (or "localhost", or uppercase) names
// a registry, and malformed input fails with the library's messages.

export interface NamedReference {
  /** The registry, with its port if any: "docker.io", "localhost:5000". */
  domain: string;
  /** The repository within the registry: "library/debian". */
  path: string;
  tag?: string;
  digest?: string;
}

export class InvalidReferenceError extends Error {}

const defaultDomain = "docker.io";
const legacyDefaultDomain = "index.docker.io";
const officialPrefix = "library/";
const maxNameLength = 255;

const pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const tagPattern = "[\\w][\\w.-]{0,127}";
const digestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const qualifiedReference = new RegExp(
  `^(${host}(?::[0-9]+)?)/(${pathComponent}(?:/${pathComponent})*)(?::(${tagPattern}))?(?:@(${digestPattern}))?$`,
);
const imageIdPattern = /^[a-f0-9]{64}$/;
/** Hex digits in each algorithm's digest, as go-digest knows them. */
const digestLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** A reference that must name a repository ("debian", "ghcr.io/owner/app:1", "debian@sha256:…"). */
export function parseNormalizedNamed(input: string): NamedReference {
  if (imageIdPattern.test(input)) {
    throw new InvalidReferenceError(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  const [domain, remainder] = splitDomain(input);
  const colon = remainder.indexOf(":");
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) {
    throw new InvalidReferenceError(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  return parseQualified(`${domain}/${remainder}`);
}

/** Like parseNormalizedNamed, but an image ID ("sha256:…", or 64 hex digits) is accepted and has no name. */
export function parseAnyReference(input: string): NamedReference | undefined {
  if (imageIdPattern.test(input)) return undefined;
  if (parsesAsDigest(input)) return undefined;
  return parseNormalizedNamed(input);
}

/** The reference with tag "latest" when it has neither tag nor digest. */
export function withDefaultTag(reference: NamedReference): NamedReference {
  return reference.tag === undefined && reference.digest === undefined ? { ...reference, tag: "latest" } : reference;
}

/** "docker.io/library/debian" */
export function qualifiedName(reference: NamedReference): string {
  return `${reference.domain}/${reference.path}`;
}

/** "docker.io/library/debian:latest", as docker prints after a pull. */
export function qualifiedString(reference: NamedReference): string {
  return `${qualifiedName(reference)}${suffix(reference)}`;
}

/** "debian:latest", "grafana/grafana:10", "localhost:5000/app@sha256:…" */
export function familiarString(reference: NamedReference): string {
  let name = qualifiedName(reference);
  if (reference.domain === defaultDomain) {
    const official = reference.path.startsWith(officialPrefix) && !reference.path.slice(officialPrefix.length).includes("/");
    name = official ? reference.path.slice(officialPrefix.length) : reference.path;
  }
  return `${name}${suffix(reference)}`;
}

function suffix({ tag, digest }: NamedReference): string {
  return `${tag === undefined ? "" : `:${tag}`}${digest === undefined ? "" : `@${digest}`}`;
}

/** Whether the first component names a registry; familiar names go to Docker Hub's library. */
function splitDomain(name: string): [string, string] {
  const slash = name.indexOf("/");
  if (slash < 0) return [defaultDomain, `${officialPrefix}${name}`];
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  const isDomain = first === "localhost" || /[.:]/.test(first) || first.toLowerCase() !== first;
  let [domain, remainder] = isDomain ? [first, rest] : [defaultDomain, name];
  if (domain === legacyDefaultDomain) domain = defaultDomain;
  if (domain === defaultDomain && !remainder.includes("/")) remainder = `${officialPrefix}${remainder}`;
  return [domain, remainder];
}

function parseQualified(reference: string): NamedReference {
  const match = qualifiedReference.exec(reference);
  if (!match) {
    const uppercase = qualifiedReference.test(reference.toLowerCase());
    throw new InvalidReferenceError(uppercase ? "repository name must be lowercase" : "invalid reference format");
  }
  const [, domain, path, tag, digest] = match;
  if (domain.length + 1 + path.length > maxNameLength) {
    throw new InvalidReferenceError(`repository name must not be more than ${maxNameLength} characters`);
  }
  if (digest !== undefined) checkDigest(digest);
  return { domain, path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** go-digest's checks on "algorithm:hex". */
function checkDigest(digest: string): void {
  const [algorithm, encoded] = digest.split(":");
  const length = digestLengths[algorithm];
  if (length === undefined) throw new InvalidReferenceError("unsupported digest algorithm");
  if (encoded.length !== length) throw new InvalidReferenceError("invalid checksum digest length");
  if (!/^[a-f0-9]+$/.test(encoded)) throw new InvalidReferenceError("invalid checksum digest format");
}

function parsesAsDigest(input: string): boolean {
  if (!new RegExp(`^${digestPattern}$`).test(input)) return false;
  try {
    checkDigest(input);
    return true;
  } catch {
    return false;
  }
}
