// Parses a WWW-Authenticate challenge (RFC 9110 §11.6.1), e.g.
// `Bearer realm="https://auth.example/token",service="registry",scope="repository:app:pull"`.

export interface AuthChallenge {
  /** Lower case: "bearer", "basic". */
  scheme: string;
  /** Parameter names in lower case; quoted values unescaped. */
  params: Record<string, string>;
}

const schemeAndRest = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s+(.*))?$/s;
const parameter = /([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;

/** The first challenge of the header, or undefined when there is none. */
export function parseChallenge(header: string | null): AuthChallenge | undefined {
  const match = schemeAndRest.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  for (const [, name, quoted, token] of (match[2] ?? "").matchAll(parameter)) {
    params[name!.toLowerCase()] = quoted === undefined ? (token ?? "") : quoted.replace(/\\(.)/g, "$1");
  }
  return { scheme: match[1].toLowerCase(), params };
}
