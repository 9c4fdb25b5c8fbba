import { describe, expect, it } from "vitest";
import type { PortMap } from "../../src/api/network-types.ts";
import { portMapView, portsToPublish, summaryPortsView, validatePortBindings } from "./port-bindings.ts";
import type { PublishedPort } from "./published-ports.ts";

describe("port bindings at create", () => {
  it("accept Docker's forms: a host port, none (one the engine picks), a host address", () => {
    expect(() => validatePortBindings({ "80/tcp": [{ HostIp: "", HostPort: "8080" }], "443": [{ HostIp: "127.0.0.1", HostPort: "" }], "53/udp": [] })).not.toThrow();
  });

  it.each<[PortMap, string]>([
    [{ "0/tcp": [{ HostIp: "", HostPort: "8080" }] }, `invalid port specification: "0"`],
    [{ "70000/tcp": [{ HostIp: "", HostPort: "8080" }] }, `invalid port specification: "70000"`],
    [{ "http/tcp": [] }, `invalid port specification: "http"`],
    [{ "80/tcp": [{ HostIp: "", HostPort: "99999" }] }, `invalid port specification: "99999"`],
    [{ "80/tcp": [{ HostIp: "localhost", HostPort: "8080" }] }, `invalid host IP address: "localhost"`],
    [{ "53/udp": [{ HostIp: "", HostPort: "53" }] }, `berth publishes TCP ports only: "53/udp"`],
    [{ "80/tcp": [{ HostIp: "", HostPort: "8000-8010" }] }, "berth publishes single host ports, not ranges"],
  ])("refuse %j", (bindings, message) => {
    expect(() => validatePortBindings(bindings)).toThrow(message);
  });
});

describe("the ports a start publishes", () => {
  it("are the bindings, in port order, with no host address (\"\": the host's default) unless one is given", () => {
    const requests = portsToPublish({}, { PortBindings: { "443/tcp": [{ HostIp: "127.0.0.1", HostPort: "8443" }], "80": [{ HostIp: "", HostPort: "8080" }, { HostIp: "", HostPort: "" }] } });
    expect(requests).toEqual([
      { hostIp: "", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostIp: "", hostPort: 0, containerPort: 80, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 8443, containerPort: 443, protocol: "tcp" },
    ]);
  });

  it("with PublishAllPorts add each exposed TCP port without a binding, on a port the engine picks", () => {
    const config = { ExposedPorts: { "80/tcp": {}, "53/udp": {}, "9000/tcp": {} } };
    expect(portsToPublish(config, { PublishAllPorts: true, PortBindings: { "9000/tcp": [{ HostIp: "", HostPort: "9000" }] } })).toEqual([
      { hostIp: "", hostPort: 0, containerPort: 80, protocol: "tcp" },
      { hostIp: "", hostPort: 9000, containerPort: 9000, protocol: "tcp" },
    ]);
    expect(portsToPublish(config, {})).toEqual([]);
  });
});

describe("published ports as inspect and the list show them", () => {
  const held = (hostPort: number, containerPort: number): PublishedPort => ({ hostIp: "0.0.0.0", hostPort, containerId: "c", containerAddress: "172.17.0.2", containerPort, protocol: "tcp" });

  it("map each exposed port to its host ports, or null", () => {
    const view = portMapView({ ExposedPorts: { "443/tcp": {} } }, { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "" }] } }, [held(32768, 80)]);
    expect(view).toEqual({ "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "32768" }], "443/tcp": null });
    expect(summaryPortsView(view)).toEqual([
      { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 32768, Type: "tcp" },
      { PrivatePort: 443, Type: "tcp" },
    ]);
  });
});
