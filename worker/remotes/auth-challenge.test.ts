import { describe, expect, it } from "vitest";
import { parseChallenge } from "./auth-challenge.ts";

describe("parseChallenge", () => {
  it("reads a registry's bearer challenge", () => {
    expect(
      parseChallenge('Bearer realm="https://auth.test/token",service="registry.test",scope="repository:team/app:pull"'),
    ).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.test/token", service: "registry.test", scope: "repository:team/app:pull" },
    });
  });

  it("reads error parameters, unquoted values, escapes and odd spacing", () => {
    expect(parseChallenge('bearer Realm=https://a.test/t , error="insufficient_scope", error_description="say \\"no\\""')).toEqual({
      scheme: "bearer",
      params: { realm: "https://a.test/t", error: "insufficient_scope", error_description: 'say "no"' },
    });
  });

  it("reads a basic challenge", () => {
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: "basic", params: { realm: "Registry Realm" } });
  });

  it("returns undefined without a header", () => {
    expect(parseChallenge(null)).toBeUndefined();
    expect(parseChallenge("  ")).toBeUndefined();
  });
});
