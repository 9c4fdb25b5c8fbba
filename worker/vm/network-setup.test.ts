import { describe, expect, it } from "vitest";
import { interfaceLine, networkSetupText } from "./network-setup.ts";

const iface = { name: "eth0", bridge: "br-0123456789ab", gateway: "172.18.0.1/16", address: "172.18.0.2/16", mac: "02:42:ac:12:00:02" };

describe("the agent's network setup text", () => {
  it("marks the interfaces that may carry the default route", () => {
    expect(interfaceLine({ ...iface, defaultRoute: true })).toBe("eth eth0 br-0123456789ab 172.18.0.1/16 172.18.0.2/16 02:42:ac:12:00:02 default");
    expect(interfaceLine(iface)).toBe("eth eth0 br-0123456789ab 172.18.0.1/16 172.18.0.2/16 02:42:ac:12:00:02");
  });

  it("puts the DNS socket first, then the links", () => {
    const text = networkSetupText({ dnsHandle: 7, interfaces: [{ ...iface, defaultRoute: true }, { ...iface, name: "eth1", defaultRoute: false }] });
    expect(text.split("\n")).toEqual(["dns 7", `${interfaceLine({ ...iface, defaultRoute: true })}`, `${interfaceLine({ ...iface, name: "eth1" })}`]);
  });

  it("refuses a field with white space", () => {
    expect(() => interfaceLine({ ...iface, bridge: "br 0" })).toThrow(/white space/);
  });
});
