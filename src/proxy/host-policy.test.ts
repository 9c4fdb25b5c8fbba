import { describe, expect, it } from "vitest";
import { createHostPolicy } from "./host-policy.ts";

const policy = createHostPolicy({
  allowRegistries: ["127.0.0.1:5000"],
  isPrivateHostName: async (name) => name === "rebound.example.net",
});

describe("redirects from an allowlisted registry", () => {
  it("may go to a public https blob host that is not on the allowlist", async () => {
    expect(await policy.redirectRefusal(new URL("https://blobs.example.net/data/abc?sig=1"))).toBeUndefined();
  });

  it("may not leave https for a host off the allowlist", async () => {
    expect(await policy.redirectRefusal(new URL("http://blobs.example.net/data"))).toMatch(/must use https/);
  });

  it.each(["https://10.0.0.8/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://127.0.0.1:6000/x"])(
    "may not go to the private address in %s",
    async (url) => {
      expect(await policy.redirectRefusal(new URL(url))).toMatch(/private address/);
    },
  );

  it("may not go to a name that resolves to a private address", async () => {
    expect(await policy.redirectRefusal(new URL("https://rebound.example.net/x"))).toMatch(/resolves to a private address/);
  });

  it("keeps the allowlist rules for allowlisted hosts, e.g. plain http to a configured loopback registry", async () => {
    expect(await policy.redirectRefusal(new URL("http://127.0.0.1:5000/v2/x/blobs/y"))).toBeUndefined();
  });
});
