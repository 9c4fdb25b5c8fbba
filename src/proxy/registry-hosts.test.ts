import { describe, expect, it } from "vitest";
import { allowRegistriesFromEnv, canonicalHost } from "./registry-hosts.ts";

describe("canonicalHost", () => {
  it("normalizes case, default port, numeric IPv4 and the docker.io alias", () => {
    expect(canonicalHost("GHCR.io:443")).toBe("ghcr.io");
    expect(canonicalHost("2130706433:5000")).toBe("127.0.0.1:5000");
    expect(canonicalHost("[0:0::1]")).toBe("[::1]");
    expect(canonicalHost("docker.io")).toBe("registry-1.docker.io");
  });

  it("rejects anything that is not a bare host", () => {
    for (const text of ["", "user@host", "host/path", "host?x", "host#x", "a b", "host:99999"]) {
      expect(canonicalHost(text)).toBeUndefined();
    }
  });
});

describe("allowRegistriesFromEnv", () => {
  it("splits and trims a comma-separated list", () => {
    expect(allowRegistriesFromEnv(" 127.0.0.1:5000, registry.internal ,,")).toEqual(["127.0.0.1:5000", "registry.internal"]);
    expect(allowRegistriesFromEnv(undefined)).toEqual([]);
  });

  it("throws on an entry that is not a host", () => {
    expect(() => allowRegistriesFromEnv("ok.internal,http://x/")).toThrow(/http:\/\/x\//);
  });
});
