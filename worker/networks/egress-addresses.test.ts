import { describe, expect, it } from "vitest";
import { EgressAddresses } from "./egress-addresses.ts";

describe("EgressAddresses", () => {
  it("gives each name one stable address in 198.18.0.0/15 and maps it back", () => {
    const addresses = new EgressAddresses();
    const mirror = addresses.addressOf("deb.debian.org");
    expect(mirror).toBe("198.18.0.1");
    expect(addresses.addressOf("pypi.org")).toBe("198.18.0.2");
    expect(addresses.addressOf("deb.debian.org")).toBe(mirror);
    expect(addresses.nameOf(mirror)).toBe("deb.debian.org");
    expect(addresses.nameOf("198.18.0.9")).toBeUndefined();
    expect(addresses.nameOf("10.0.0.1")).toBeUndefined();
    expect(addresses.nameOf("not an address")).toBeUndefined();
  });

  it("reuses the oldest address once the range is spent", () => {
    const addresses = new EgressAddresses();
    for (let i = 0; i < (1 << 17) - 1; i++) addresses.addressOf(`host${i}.test`);
    expect(addresses.addressOf("host131070.test")).toBe("198.19.255.255");
    expect(addresses.addressOf("late.test")).toBe("198.18.0.1");
    expect(addresses.nameOf("198.18.0.1")).toBe("late.test");
    expect(addresses.addressOf("host0.test")).toBe("198.18.0.2");
  });
});
