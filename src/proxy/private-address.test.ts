import { describe, expect, it } from "vitest";
import { isLoopbackHost, isPrivateAddressLiteral } from "./private-address.ts";

describe("isPrivateAddressLiteral", () => {
  it.each([
    "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254",
    "0.0.0.0", "[::1]", "[::]", "[fc00::1]", "[fd12:3456::1]", "[fe80::1]", "[febf::1]", "[::ffff:7f00:1]", "[::ffff:10.0.0.1]", "localhost",
  ])("refuses %s", (host) => expect(isPrivateAddressLiteral(host)).toBe(true));

  it.each(["8.8.8.8", "172.15.0.1", "172.32.0.1", "192.169.0.1", "169.253.0.1", "[2001:db8::1]", "[fec0::1]", "[::2]", "ghcr.io", "10.0.0.1.example"])(
    "allows %s",
    (host) => expect(isPrivateAddressLiteral(host)).toBe(false),
  );
});

describe("isLoopbackHost", () => {
  it("knows loopback from other private ranges", () => {
    expect(["127.0.0.1", "127.8.8.8", "[::1]", "localhost"].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(["10.0.0.1", "[fe80::1]", "quay.io"].map(isLoopbackHost)).toEqual([false, false, false]);
  });
});
