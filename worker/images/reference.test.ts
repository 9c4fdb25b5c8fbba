import { describe, expect, it } from "vitest";
import { familiarName, familiarString, normalizeImageReference, parseImageReference, withDefaultTag } from "./reference.ts";

const digest = `sha256:${"ab".repeat(32)}`;

describe("normalizeImageReference", () => {
  it.each([
    ["busybox", "docker.io/library/busybox:latest"],
    ["busybox:1.36", "docker.io/library/busybox:1.36"],
    ["library/busybox", "docker.io/library/busybox:latest"],
    ["docker.io/busybox", "docker.io/library/busybox:latest"],
    ["index.docker.io/library/busybox:musl", "docker.io/library/busybox:musl"],
    ["user/app", "docker.io/user/app:latest"],
    ["user/team/app:v1.2-rc_3", "docker.io/user/team/app:v1.2-rc_3"],
    ["ghcr.io/owner/app:edge", "ghcr.io/owner/app:edge"],
    ["localhost/app", "localhost/app:latest"],
    ["localhost:5000/app:dev", "localhost:5000/app:dev"],
    ["registry.example:443/a/b/c", "registry.example:443/a/b/c:latest"],
    ["Registry/app", "Registry/app:latest"],
    ["[::1]:5000/app", "[::1]:5000/app:latest"],
    ["my_app.v2", "docker.io/library/my_app.v2:latest"],
    ["a--b__c", "docker.io/library/a--b__c:latest"],
    [`busybox@${digest}`, `docker.io/library/busybox@${digest}`],
    [`busybox:1.36@${digest}`, `docker.io/library/busybox:1.36@${digest}`],
    ["localhost:5000", "docker.io/library/localhost:5000"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeImageReference(input)).toBe(expected);
  });

  it.each([
    ["Busybox", /repository name \(library\/Busybox\) must be lowercase/],
    ["user/App", /repository name \(user\/App\) must be lowercase/],
    ["busybox:", /invalid reference format/],
    [":latest", /invalid reference format/],
    ["busybox:bad/tag", /invalid reference format/],
    [`busybox:${"t".repeat(129)}`, /invalid reference format/],
    ["bad..name", /invalid reference format/],
    ["-leading", /invalid reference format/],
    ["trailing-/x", /invalid reference format/],
    ["a//b", /invalid reference format/],
    ["busybox@sha256:abc", /invalid reference format/],
    [`busybox@sha512:${"a".repeat(128)}`, /only sha256 is supported/],
    ["ab".repeat(32), /cannot specify 64-byte hexadecimal strings/],
    [`x/${"a".repeat(260)}`, /must not be more than 255 characters/],
    ["", /invalid reference format/],
  ])("rejects %s", (input, message) => {
    expect(() => normalizeImageReference(input)).toThrow(message);
  });
});

describe("familiarString", () => {
  it.each([
    ["docker.io/library/busybox:latest", "busybox:latest"],
    ["docker.io/library/busybox", "busybox"],
    ["docker.io/user/app:1", "user/app:1"],
    ["docker.io/library/nested/app:1", "library/nested/app:1"],
    ["ghcr.io/library/app:1", "ghcr.io/library/app:1"],
    [`docker.io/library/busybox@${digest}`, `busybox@${digest}`],
    ["localhost:5000/app:dev", "localhost:5000/app:dev"],
  ])("%s -> %s", (input, expected) => {
    expect(familiarString(parseImageReference(input))).toBe(expected);
  });
});

describe("familiarName", () => {
  it.each([
    ["busybox:latest", "busybox"],
    ["user/app:1", "user/app"],
    ["docker.io/library/nested/app", "library/nested/app"],
    [`busybox@${digest}`, "busybox"],
    ["localhost:5000/app:dev", "localhost:5000/app"],
    ["127.0.0.1:5000/team/tool", "127.0.0.1:5000/team/tool"],
  ])("%s -> %s", (input, expected) => {
    expect(familiarName(parseImageReference(input))).toBe(expected);
  });
});

describe("withDefaultTag", () => {
  it("adds latest only when there is neither tag nor digest", () => {
    expect(withDefaultTag(parseImageReference("busybox")).tag).toBe("latest");
    expect(withDefaultTag(parseImageReference(`busybox@${digest}`)).tag).toBeUndefined();
    expect(withDefaultTag(parseImageReference("busybox:musl")).tag).toBe("musl");
  });
});
