import { describe, expect, it } from "vitest";
import { AddressAllocator } from "./address-allocator.ts";
import { chooseAddressing } from "./ipam-config.ts";
import { predefinedNetwork, type NetworkAddressing, type NetworkRecord } from "./network-record.ts";

const bridge = predefinedNetwork("bridge", "b".repeat(64), "2024-05-01T12:00:00Z").addressing!;
const taken = (...subnets: string[]): NetworkAddressing[] => subnets.map((subnet) => ({ subnet, gateway: "", userSubnet: false, userGateway: false }));

function network(addressing: Partial<NetworkAddressing> & { subnet: string }): NetworkRecord {
  return {
    id: "c".repeat(64),
    name: "app",
    created: "2024-05-01T12:00:00Z",
    driver: "bridge",
    internal: false,
    attachable: false,
    addressing: { gateway: addressing.subnet.replace(/\.0\/\d+$/, ".1"), userSubnet: true, userGateway: false, ...addressing },
    ipamOptions: {},
    options: {},
    labels: {},
  };
}

describe("a new network's addressing", () => {
  it("takes Docker's default pools in order, skipping blocks in use", () => {
    expect(chooseAddressing([], [bridge])).toEqual({ subnet: "172.18.0.0/16", gateway: "172.18.0.1", userSubnet: false, userGateway: false });
    expect(chooseAddressing([], [bridge, ...taken("172.18.0.0/16", "172.19.5.0/24")]).subnet).toBe("172.20.0.0/16");
  });

  it("goes on to 192.168.0.0/20 blocks after 172.31.0.0/16, and says so when all are used", () => {
    const all172 = Array.from({ length: 15 }, (_, index) => `172.${17 + index}.0.0/16`);
    expect(chooseAddressing([], taken(...all172))).toMatchObject({ subnet: "192.168.0.0/20", gateway: "192.168.0.1" });
    expect(chooseAddressing([], taken(...all172, "192.168.0.0/20")).subnet).toBe("192.168.16.0/20");
    expect(() => chooseAddressing([], taken(...all172, "192.168.0.0/16"))).toThrow("all predefined address pools have been fully subnetted");
  });

  it("keeps the user's subnet, gateway and range, the gateway defaulting to the subnet's first address", () => {
    expect(chooseAddressing([{ Subnet: "10.5.0.0/16" }], [bridge])).toEqual({ subnet: "10.5.0.0/16", gateway: "10.5.0.1", userSubnet: true, userGateway: false });
    expect(chooseAddressing([{ Subnet: "10.5.0.0/16", Gateway: "10.5.0.254", IPRange: "10.5.8.0/24" }], [bridge])).toEqual({
      subnet: "10.5.0.0/16",
      gateway: "10.5.0.254",
      ipRange: "10.5.8.0/24",
      userSubnet: true,
      userGateway: true,
    });
  });

  it("refuses a subnet that overlaps a network's", () => {
    expect(() => chooseAddressing([{ Subnet: "172.17.5.0/24" }], [bridge])).toThrow("invalid pool request: Pool overlaps with other one on this address space");
    expect(() => chooseAddressing([{ Subnet: "172.0.0.0/8" }], [bridge])).toThrow("Pool overlaps");
  });

  it.each([
    [{ Subnet: "10.5.0/16" }, "invalid network config:\ninvalid subnet 10.5.0/16: invalid CIDR block notation"],
    [{ Subnet: "10.5.0.1/16" }, "invalid network config:\ninvalid subnet 10.5.0.1/16: it should be 10.5.0.0/16"],
    [{ Subnet: "10.5.0.0/16", Gateway: "10.6.0.1" }, "invalid network config:\ninvalid gateway 10.6.0.1: parent subnet 10.5.0.0/16 doesn't contain this address"],
    [{ Subnet: "10.5.0.0/16", Gateway: "ten" }, "invalid network config:\ninvalid gateway ten: invalid address"],
    [{ Subnet: "10.5.0.0/24", IPRange: "10.5.0.0/16" }, "invalid network config:\ninvalid ip-range 10.5.0.0/16: CIDR block is bigger than its parent subnet 10.5.0.0/24"],
    [{ Subnet: "10.5.0.0/16", IPRange: "10.9.0.0/24" }, "invalid network config:\ninvalid ip-range 10.9.0.0/24: parent subnet 10.5.0.0/16 doesn't contain ip-range"],
  ])("refuses %j in Docker's words", (config, message) => {
    expect(() => chooseAddressing([config], [bridge])).toThrow(message);
  });

  it("lists every problem at once", () => {
    expect(() => chooseAddressing([{ Subnet: "10.5.0.1/16", Gateway: "10.6.0.1" }], [bridge])).toThrow(
      "invalid network config:\n* invalid subnet 10.5.0.1/16: it should be 10.5.0.0/16\n* invalid gateway 10.6.0.1: parent subnet 10.5.0.1/16 doesn't contain this address",
    );
  });

  it("says plainly what berth does not do: IPv6 and several subnets", () => {
    expect(() => chooseAddressing([{ Subnet: "2001:db8::/64" }], [bridge])).toThrow("berth networks are IPv4 only");
    expect(() => chooseAddressing([{ Subnet: "10.1.0.0/16" }, { Subnet: "10.2.0.0/16" }], [bridge])).toThrow("one IPv4 subnet each");
  });
});

describe("address allocation", () => {
  it("gives the lowest free address, never the subnet's own, the gateway or the broadcast, and reuses released ones", () => {
    const allocator = new AddressAllocator(network({ subnet: "10.5.0.0/29" }));
    const addresses = Array.from({ length: 5 }, () => allocator.allocate().address);
    expect(addresses).toEqual(["10.5.0.2", "10.5.0.3", "10.5.0.4", "10.5.0.5", "10.5.0.6"]);
    expect(() => allocator.allocate()).toThrow(`no available IPv4 addresses on this network's address pools: app (${"c".repeat(64)})`);
    allocator.release("10.5.0.4");
    expect(allocator.allocate()).toEqual({ address: "10.5.0.4", prefixLength: 29, gateway: "10.5.0.1" });
  });

  it("takes addresses from the range when there is one, and a gateway the user placed elsewhere", () => {
    const allocator = new AddressAllocator(network({ subnet: "10.5.0.0/16", gateway: "10.5.8.0", ipRange: "10.5.8.0/24" }));
    expect(allocator.allocate().address).toBe("10.5.8.1");
  });

  it("gives the address asked for once, inside the subnet", () => {
    const allocator = new AddressAllocator(network({ subnet: "10.5.0.0/16", ipRange: "10.5.8.0/24" }));
    expect(allocator.allocate("10.5.0.9").address).toBe("10.5.0.9");
    expect(() => allocator.allocate("10.5.0.9")).toThrow("Address already in use");
    expect(() => allocator.allocate("10.5.0.1")).toThrow("Address already in use");
    expect(() => allocator.allocate("10.6.0.9")).toThrow("no configured subnet or ip-range contain the IP address 10.6.0.9");
  });
});
