// Points a registry's Bearer challenge at the proxy so the browser's token request passes through it too.

/**
 * Returns the WWW-Authenticate value with its realm replaced by `proxiedRealm(realmUrl)`, or the
 * value unchanged when it is not a Bearer challenge or `proxiedRealm` declines (returns undefined).
 */
export function rewriteBearerRealm(challenge: string, proxiedRealm: (realm: URL) => string | undefined): string {
  if (!/^\s*bearer\s/i.test(challenge)) return challenge;
  return challenge.replace(/realm="([^"]*)"/i, (whole, realm: string) => {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      return whole;
    }
    const rewritten = proxiedRealm(url);
    return rewritten === undefined ? whole : `realm="${rewritten}"`;
  });
}
