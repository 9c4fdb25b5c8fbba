import { describe, expect, it } from "vitest";
import { OptionValueError } from "./container-option-values.ts";
import { parsePortOptions, parsePortSpec } from "./port-specs.ts";

describe("docker run -p", () => {
  it.each<[string, { port: string; hostIp: string; hostPort: string }[]]>([
    ["80", [{ port: "80/tcp", hostIp: "", hostPort: "" }]],
    ["8080:80", [{ port: "80/tcp", hostIp: "", hostPort: "8080" }]],
    ["127.0.0.1:8080:80", [{ port: "80/tcp", hostIp: "127.0.0.1", hostPort: "8080" }]],
    ["127.0.0.1::80", [{ port: "80/tcp", hostIp: "127.0.0.1", hostPort: "" }]],
    [":80", [{ port: "80/tcp", hostIp: "", hostPort: "" }]],
    ["53:53/UDP", [{ port: "53/udp", hostIp: "", hostPort: "53" }]],
    ["80/", [{ port: "80/tcp", hostIp: "", hostPort: "" }]],
    ["[::1]:8080:80", [{ port: "80/tcp", hostIp: "::1", hostPort: "8080" }]],
    ["::1:8080:80", [{ port: "80/tcp", hostIp: "::1", hostPort: "8080" }]],
    ["08080:080", [{ port: "80/tcp", hostIp: "", hostPort: "8080" }]],
    [
      "8080-8081:80-81/udp",
      [
        { port: "80/udp", hostIp: "", hostPort: "8080" },
        { port: "81/udp", hostIp: "", hostPort: "8081" },
      ],
    ],
    ["8000-8010:80", [{ port: "80/tcp", hostIp: "", hostPort: "8000-8010" }]],
    [
      "0.0.0.0::7000-7001",
      [
        { port: "7000/tcp", hostIp: "0.0.0.0", hostPort: "" },
        { port: "7001/tcp", hostIp: "0.0.0.0", hostPort: "" },
      ],
    ],
  ])("reads %j", (spec, mappings) => {
    expect(parsePortSpec(spec)).toEqual(mappings);
  });

  // The docker CLI's own words for each (test/integration/cli-parity-network.test.ts checks them against it).
  it.each<[string, string]>([
    ["abc", "invalid containerPort: abc"],
    ["[::1:80:80", "invalid IP address [::1: address [::1:: missing ']' in address"],
    ["[::1]x:80:80", "invalid IP address [::1]x: address [::1]x:: missing port in address"],
    ["1.2.3:80:80", "invalid IP address: 1.2.3"],
    ["8080:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8080"],
    ["70000:80", "invalid hostPort: 70000"],
    ["8000-7000:80", "invalid hostPort: 8000-7000"],
    ["80-:80", "invalid hostPort: 80-"],
    ["80/xyz", "invalid proto: xyz"],
    ["/tcp", "no port specified: /tcp<empty>"],
    ["80:", "no port specified: 80:<empty>"],
  ])("refuses %j", (spec, message) => {
    expect(() => parsePortSpec(spec)).toThrow(new OptionValueError(message));
  });
});

describe("ExposedPorts and PortBindings", () => {
  it("groups the bindings of one port, and exposes each port once", () => {
    expect(parsePortOptions(["8080:80", "127.0.0.1:8081:80", "53/udp"], ["80", "90-91/tcp"])).toEqual({
      exposedPorts: { "80/tcp": {}, "53/udp": {}, "90/tcp": {}, "91/tcp": {} },
      portBindings: {
        "80/tcp": [
          { HostIp: "", HostPort: "8080" },
          { HostIp: "127.0.0.1", HostPort: "8081" },
        ],
        "53/udp": [{ HostIp: "", HostPort: "" }],
      },
    });
  });

  it("reads the long syntax as the short one", () => {
    expect(parsePortOptions(["published=8080,target=80", "target=53,protocol=udp"], [])).toEqual({
      exposedPorts: { "80/tcp": {}, "53/udp": {} },
      portBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }], "53/udp": [{ HostIp: "", HostPort: "" }] },
    });
  });

  it.each<[string[], string[], string]>([
    [["published=8080,bogus"], [], "invalid publish opts format (should be name=value but got 'bogus')"],
    [[], ["80:80"], "invalid port format for --expose: 80:80"],
    [[], ["abc"], 'invalid range format for --expose: abc, error: strconv.ParseUint: parsing "abc": invalid syntax'],
    [[], ["90-80"], "invalid range format for --expose: 90-80, error: invalid range specified for port: 90-80"],
    [[], ["70000"], 'invalid range format for --expose: 70000, error: strconv.ParseUint: parsing "70000": value out of range'],
  ])("refuses -p %j --expose %j", (publish, expose, message) => {
    expect(() => parsePortOptions(publish, expose)).toThrow(new OptionValueError(message));
  });
});
