import { describe, expect, it } from "vitest";
import {
  familiarString,
  parseAnyReference,
  parseNormalizedNamed,
  qualifiedString,
  withDefaultTag,
  type NamedReference,
} from "./normalized-reference.ts";

const hex = "0123456789abcdef".repeat(4);

describe("parseNormalizedNamed", () => {
  it.each<[string, NamedReference]>([
    ["debian", { domain: "docker.io", path: "library/debian" }],
    ["debian:12", { domain: "docker.io", path: "library/debian", tag: "12" }],
    ["grafana/grafana", { domain: "docker.io", path: "grafana/grafana" }],
    ["docker.io/library/debian", { domain: "docker.io", path: "library/debian" }],
    ["index.docker.io/debian", { domain: "docker.io", path: "library/debian" }],
    ["localhost/app", { domain: "localhost", path: "app" }],
    ["localhost:5000/app:v1", { domain: "localhost:5000", path: "app", tag: "v1" }],
    ["127.0.0.1:5000/team/tool:1", { domain: "127.0.0.1:5000", path: "team/tool", tag: "1" }],
    ["Registry/app", { domain: "Registry", path: "app" }],
    [`debian@sha256:${hex}`, { domain: "docker.io", path: "library/debian", digest: `sha256:${hex}` }],
    [`debian:12@sha256:${hex}`, { domain: "docker.io", path: "library/debian", tag: "12", digest: `sha256:${hex}` }],
  ])("%s", (input, reference) => {
    expect(parseNormalizedNamed(input)).toEqual(reference);
  });

  it.each<[string, string]>([
    ["Debian", "invalid reference format: repository name (library/Debian) must be lowercase"],
    ["team/App:1", "invalid reference format: repository name (team/App) must be lowercase"],
    [hex, `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`],
    ["debian:", "invalid reference format"],
    ["debian:-x", "invalid reference format"],
    ["-debian", "invalid reference format"],
    ["", "invalid reference format"],
    ["debian@sha256:abc", "invalid reference format"],
    [`debian@md5:${hex}`, "unsupported digest algorithm"],
    [`debian@sha256:${hex}00`, "invalid checksum digest length"],
    [`${"a".repeat(250)}/x`, "repository name must not be more than 255 characters"],
  ])("refuses %j: %s", (input, message) => {
    expect(() => parseNormalizedNamed(input)).toThrow(message);
  });
});

describe("parseAnyReference", () => {
  it.each([[hex], [`sha256:${hex}`]])("takes the image ID %s as having no name", (input) => {
    expect(parseAnyReference(input)).toBeUndefined();
  });

  it("parses names as parseNormalizedNamed does", () => {
    expect(parseAnyReference("busybox:1.36")).toEqual({ domain: "docker.io", path: "library/busybox", tag: "1.36" });
    expect(() => parseAnyReference("BusyBox")).toThrow("must be lowercase");
  });
});

describe("printing references", () => {
  it.each<[string, string, string]>([
    ["debian", "docker.io/library/debian:latest", "debian:latest"],
    ["grafana/grafana:10", "docker.io/grafana/grafana:10", "grafana/grafana:10"],
    ["docker.io/library/team/app", "docker.io/library/team/app:latest", "library/team/app:latest"],
    ["localhost:5000/app", "localhost:5000/app:latest", "localhost:5000/app:latest"],
    [`debian@sha256:${hex}`, `docker.io/library/debian@sha256:${hex}`, `debian@sha256:${hex}`],
  ])("%s with the default tag is %s, familiarly %s", (input, qualified, familiar) => {
    const reference = withDefaultTag(parseNormalizedNamed(input));
    expect(qualifiedString(reference)).toBe(qualified);
    expect(familiarString(reference)).toBe(familiar);
  });
});
