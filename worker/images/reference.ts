// Image references as Docker normalises them: "busybox" is docker.io/library/busybox, a first
// component with a "." or ":" (or "localhost", or any uppercase) names a registry, a reference
// without tag or digest means tag "latest", and output shows the familiar short form again.
// Grammar: [domain[:port]/]path[:tag][@digest], path components lowercase alphanumerics joined by
// ".", "_", "__" or dashes; tag [\w][\w.-]{0,127}; digest sha256:<64 hex>.

import { EngineError } from "../../src/api/errors.ts";

export interface ImageReference {
  /** Registry host, with port if any: "docker.io", "localhost:5000". */
  domain: string;
  /** Repository path within the registry: "library/busybox". */
  path: string;
  tag?: string;
  digest?: string;
}

export const DEFAULT_DOMAIN = "docker.io";
export const DEFAULT_TAG = "latest";
const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
const OFFICIAL_NAMESPACE = "library/";
const MAX_NAME_LENGTH = 255;

const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const ANY_DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const FULL_HEX_ID = /^[0-9a-f]{64}$/;

function invalid(input: string, reason?: string): EngineError {
  return new EngineError("invalid", reason ? `invalid reference format: ${reason}` : `invalid reference format: "${input}"`);
}

/** Splits "[domain/]remainder" the way Docker decides whether the first component is a registry. */
function splitDomain(name: string): [string, string] {
  const slash = name.indexOf("/");
  const first = name.slice(0, slash);
  const isDomain =
    slash !== -1 && (first.includes(".") || first.includes(":") || first === "localhost" || first.toLowerCase() !== first);
  let [domain, path] = isDomain ? [first, name.slice(slash + 1)] : [DEFAULT_DOMAIN, name];
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes("/")) path = `${OFFICIAL_NAMESPACE}${path}`;
  return [domain, path];
}

/** Parses and normalises a user's reference; no default tag is added. Throws EngineError("invalid"). */
export function parseImageReference(input: string): ImageReference {
  if (FULL_HEX_ID.test(input)) {
    throw new EngineError("invalid", `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!ANY_DIGEST.test(digest)) throw invalid(input);
    if (!DIGEST.test(digest)) throw new EngineError("invalid", `unsupported digest "${digest}": only sha256 is supported`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(input);
  }
  if (rest === "") throw invalid(input);
  const [domain, path] = splitDomain(rest);
  if (!DOMAIN.test(domain)) throw invalid(input);
  if (path.toLowerCase() !== path) throw invalid(input, `repository name (${path}) must be lowercase`);
  if (!PATH.test(path)) throw invalid(input);
  if (domain.length + 1 + path.length > MAX_NAME_LENGTH) {
    throw invalid(input, `repository name must not be more than ${MAX_NAME_LENGTH} characters`);
  }
  return { domain, path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** Adds tag "latest" to a reference that has neither tag nor digest. */
export function withDefaultTag(reference: ImageReference): ImageReference {
  return reference.tag === undefined && reference.digest === undefined ? { ...reference, tag: DEFAULT_TAG } : reference;
}

/** "docker.io/library/busybox" */
export function repositoryName(reference: ImageReference): string {
  return `${reference.domain}/${reference.path}`;
}

function suffix(reference: ImageReference): string {
  return `${reference.tag === undefined ? "" : `:${reference.tag}`}${reference.digest === undefined ? "" : `@${reference.digest}`}`;
}

/** The fully qualified form: "docker.io/library/busybox:latest". */
export function referenceString(reference: ImageReference): string {
  return `${repositoryName(reference)}${suffix(reference)}`;
}

/** The repository as Docker shows users: "busybox", "user/app", "localhost:5000/app". */
export function familiarName(reference: ImageReference): string {
  if (reference.domain !== DEFAULT_DOMAIN) return repositoryName(reference);
  const { path } = reference;
  const official = path.startsWith(OFFICIAL_NAMESPACE) && !path.slice(OFFICIAL_NAMESPACE.length).includes("/");
  return official ? path.slice(OFFICIAL_NAMESPACE.length) : path;
}

/** The form Docker shows users: "busybox:latest", "user/app:1", "localhost:5000/app:dev". */
export function familiarString(reference: ImageReference): string {
  return `${familiarName(reference)}${suffix(reference)}`;
}

/** parseImageReference + withDefaultTag + referenceString. */
export function normalizeImageReference(input: string): string {
  return referenceString(withDefaultTag(parseImageReference(input)));
}
