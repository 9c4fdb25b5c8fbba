import { describe, expect, it } from "vitest";
import { rewriteBearerRealm } from "./bearer-challenge.ts";

const viaProxy = (realm: URL) => `http://127.0.0.1:5173/registry/${realm.host}${realm.pathname}`;

describe("rewriteBearerRealm", () => {
  it("replaces only the realm of a Bearer challenge", () => {
    expect(rewriteBearerRealm('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a:pull"', viaProxy)).toBe(
      'Bearer realm="http://127.0.0.1:5173/registry/auth.docker.io/token",service="registry.docker.io",scope="repository:a:pull"',
    );
  });

  it("leaves Basic challenges, unparsable realms and declined realms unchanged", () => {
    expect(rewriteBearerRealm('Basic realm="https://ghcr.io/token"', viaProxy)).toBe('Basic realm="https://ghcr.io/token"');
    expect(rewriteBearerRealm('Bearer realm="not a url"', viaProxy)).toBe('Bearer realm="not a url"');
    expect(rewriteBearerRealm('Bearer realm="https://ghcr.io/token"', () => undefined)).toBe('Bearer realm="https://ghcr.io/token"');
  });
});
