import { describe, expect, it } from "vitest";
import { familiarName, parseImageReference, type ImageReference } from "./image-reference.ts";
import { shortId } from "./short-id.ts";

const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

describe("parseImageReference", () => {
  it.each<[string, ImageReference]>([
    ["busybox", { name: "busybox" }],
    ["busybox:1.36", { name: "busybox", tag: "1.36" }],
    ["localhost:5000/app", { name: "localhost:5000/app" }],
    ["localhost:5000/app:v2", { name: "localhost:5000/app", tag: "v2" }],
    [`busybox@${digest}`, { name: "busybox", digest }],
    [`busybox:1.36@${digest}`, { name: "busybox", tag: "1.36", digest }],
  ])("%s", (reference, parsed) => {
    expect(parseImageReference(reference)).toEqual({ digest: undefined, ...parsed });
  });
});

describe("familiarName", () => {
  it.each<[string, string]>([
    ["busybox", "busybox"],
    ["library/busybox", "busybox"],
    ["docker.io/library/busybox", "busybox"],
    ["index.docker.io/library/alpine", "alpine"],
    ["docker.io/grafana/grafana", "grafana/grafana"],
    ["docker.io/library/team/app", "library/team/app"],
    ["ghcr.io/owner/app", "ghcr.io/owner/app"],
  ])("%s → %s", (name, familiar) => {
    expect(familiarName(name)).toBe(familiar);
  });
});

describe("shortId", () => {
  it.each<[string, string]>([
    [digest, "0123456789ab"],
    ["0123456789abcdef0123", "0123456789ab"],
    ["abc", "abc"],
  ])("%s → %s", (id, short) => {
    expect(shortId(id)).toBe(short);
  });
});
