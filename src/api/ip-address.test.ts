import { describe, expect, it } from "vitest";
import { formatIP, networkContains, parseCIDR, parseIP, parseIPv4, parseIPv6 } from "./ip-address.ts";

describe("IP literals as Go reads them", () => {
  it.each<[string, number[] | undefined]>([
    ["172.18.0.1", [172, 18, 0, 1]],
    ["0.0.0.0", [0, 0, 0, 0]],
    ["255.255.255.255", [255, 255, 255, 255]],
    ["256.1.1.1", undefined],
    ["010.0.0.1", undefined],
    ["1.2.3", undefined],
    ["1.2.3.4.5", undefined],
    ["a.b.c.d", undefined],
    ["", undefined],
  ])("parseIPv4(%j)", (text, octets) => {
    expect(parseIPv4(text)).toEqual(octets);
  });

  it.each<[string, number[] | undefined]>([
    ["::1", [0, 0, 0, 0, 0, 0, 0, 1]],
    ["[::1]", [0, 0, 0, 0, 0, 0, 0, 1]],
    ["::", [0, 0, 0, 0, 0, 0, 0, 0]],
    ["fe80::1:2", [0xfe80, 0, 0, 0, 0, 0, 1, 2]],
    ["2001:db8:0:0:0:0:0:33", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x33]],
    ["::ffff:10.1.2.3", [0, 0, 0, 0, 0, 0xffff, 0x0a01, 0x0203]],
    ["1.2.3.4::", undefined],
    ["1::2::3", undefined],
    ["1:2:3:4:5:6:7", undefined],
    ["12345::", undefined],
    ["172.18.0.1", undefined],
  ])("parseIPv6(%j)", (text, groups) => {
    expect(parseIPv6(text)).toEqual(groups);
  });

  it.each<[string, string | undefined]>([
    ["172.18.0.1", "172.18.0.1"],
    ["0:0::1", "::1"],
    ["2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["::ffff:8.8.8.8", "8.8.8.8"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["[::1]", undefined],
    ["localhost", undefined],
  ])("parseIP and formatIP give Go's IP.String of %j", (text, canonical) => {
    const bytes = parseIP(text);
    expect(bytes && formatIP(bytes)).toBe(canonical);
  });
});

describe("networks", () => {
  it("clears the host bits of a CIDR and tells what it contains", () => {
    const network = parseCIDR("172.18.5.9/16")!;
    expect(formatIP(network.address)).toBe("172.18.0.0");
    expect(network.prefixLength).toBe(16);
    expect(networkContains(network, parseIP("172.18.255.254")!)).toBe(true);
    expect(networkContains(network, parseIP("172.19.0.1")!)).toBe(false);
    expect(networkContains(network, parseIP("::ffff:172.18.0.1")!)).toBe(true);
    expect(networkContains(network, parseIP("2001:db8::1")!)).toBe(false);
  });

  it("reads IPv6 networks and odd prefix lengths", () => {
    const network = parseCIDR("2001:db8:abcd::/52")!;
    expect(networkContains(network, parseIP("2001:db8:abcd:0fff::1")!)).toBe(true);
    expect(networkContains(network, parseIP("2001:db8:abcd:1000::1")!)).toBe(false);
    expect(formatIP(parseCIDR("192.168.16.77/20")!.address)).toBe("192.168.16.0");
    expect(parseCIDR("10.0.0.0/08")?.prefixLength).toBe(8);
  });

  it.each(["172.18.0.0", "172.18.0.0/33", "172.18.0.0/-1", "x/8", "::/129"])("refuses %j", (text) => {
    expect(parseCIDR(text)).toBeUndefined();
  });
});
