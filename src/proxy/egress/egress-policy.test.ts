import { describe, expect, it } from "vitest";
import { allowEgressFromEnv, createEgressPolicy } from "./egress-policy.ts";

const resolve = async (hostname: string): Promise<string[]> => ({ "deb.debian.org": ["151.101.2.132"], "mirror.test": ["10.0.0.5"] })[hostname] ?? [];

describe("the egress policy", () => {
  const policy = createEgressPolicy({ allowEgress: ["mirror.test:8080", "[::1]:9000", "host.docker.internal:8443"], allowRegistries: ["127.0.0.1:5000"], resolve });

  it("allows package mirrors on 80 and 443 and connects to the address it checked", async () => {
    expect(await policy.decide("deb.debian.org", 443)).toEqual({ allowed: true, address: "151.101.2.132" });
    expect(await policy.decide("DEB.debian.org", 80)).toEqual({ allowed: true, address: "151.101.2.132" });
    expect(await policy.decide("deb.debian.org", 22)).toMatchObject({ allowed: false, reason: "blocked" });
  });

  it("allows configured private targets only on their own port", async () => {
    expect(await policy.decide("mirror.test", 8080)).toEqual({ allowed: true, address: "10.0.0.5" });
    expect(await policy.decide("mirror.test", 443)).toMatchObject({ allowed: false });
    expect(await policy.decide("127.0.0.1", 5000)).toEqual({ allowed: true, address: "127.0.0.1" });
    expect(await policy.decide("::1", 9000)).toEqual({ allowed: true, address: "::1" });
    expect(await policy.decide("10.0.0.5", 8080)).toMatchObject({ allowed: false, reason: "blocked" });
    expect(await policy.decide("host.docker.internal", 8443)).toEqual({ allowed: true, address: "127.0.0.1" });
    expect(await policy.decide("host.docker.internal", 443)).toMatchObject({ allowed: false, reason: "blocked" });
  });

  it("refuses bad targets and names that do not resolve", async () => {
    expect(await policy.decide("", 443)).toMatchObject({ allowed: false });
    expect(await policy.decide("deb.debian.org", 70000)).toMatchObject({ allowed: false });
    expect(await policy.decide("pypi.org", 443)).toMatchObject({ allowed: false, reason: "unreachable", message: "pypi.org does not resolve" });
  });

  it("reads BERTH_ALLOW_EGRESS", () => {
    expect(allowEgressFromEnv(" a.test:81, b.test:443 ,")).toEqual(["a.test:81", "b.test:443"]);
    expect(() => allowEgressFromEnv("a.test/x:1")).toThrow("BERTH_ALLOW_EGRESS: not a host:port: a.test/x:1");
    expect(() => allowEgressFromEnv("a.test")).toThrow("not a host:port");
  });
});
