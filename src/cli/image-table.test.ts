import { describe, expect, it } from "vitest";
import type { ImageSummary } from "../api/types.ts";
import { formatImageIds, formatImageTable } from "./image-table.ts";

const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const daysAgo = (days: number) => now / 1000 - days * 24 * 3600;

function image(overrides: Partial<ImageSummary>): ImageSummary {
  return {
    Id: "sha256:6fd955f66c231c1a946653170d096a28ac2b2052a02080c0b84ec082a07f7d12",
    ParentId: "",
    RepoTags: ["busybox:latest"],
    RepoDigests: [],
    Created: daysAgo(20),
    Size: 4_261_646,
    SharedSize: -1,
    Labels: {},
    Containers: -1,
    ...overrides,
  };
}

const alpine = image({
  Id: "sha256:91ef0af61f39ece4d7b5bd1a9a2c4e1e6f1d8f7c6b5a4938271605f4e3d2c1b0",
  RepoTags: ["docker.io/library/alpine:3.20", "alpine:latest"],
  Created: daysAgo(90),
  Size: 7_800_000,
});
const dangling = image({
  Id: "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
  RepoTags: [],
  Created: now / 1000 - 30,
  Size: 1200,
});

describe("formatImageTable", () => {
  it("prints only the header when there are no images", () => {
    expect(formatImageTable([], now)).toBe("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
  });

  it("lays out one row per tag, like docker images", () => {
    expect(formatImageTable([image({}), alpine, dangling], now)).toBe(
      [
        "REPOSITORY   TAG       IMAGE ID       CREATED          SIZE",
        "busybox      latest    6fd955f66c23   2 weeks ago      4.26MB",
        "alpine       3.20      91ef0af61f39   3 months ago     7.8MB",
        "alpine       latest    91ef0af61f39   3 months ago     7.8MB",
        "<none>       <none>    0a1b2c3d4e5f   30 seconds ago   1.2kB",
        "",
      ].join("\n"),
    );
  });

  it("gives a digest-only repository a row without a tag", () => {
    const pinned = image({ RepoTags: [], RepoDigests: ["busybox@sha256:" + "1".repeat(64)] });
    expect(formatImageTable([pinned], now).split("\n")[1]).toMatch(/^busybox {6}<none> {4}6fd955f66c23 /);
  });

  it.each<[string, string[]]>([
    ["alpine", ["3.20", "latest"]],
    ["alpine:3.20", ["3.20"]],
    ["docker.io/library/alpine:latest", ["latest"]],
    ["busybox:1.36", []],
    ["nothing", []],
  ])("shows only rows matching %s", (reference, tags) => {
    const rows = formatImageTable([image({}), alpine, dangling], now, reference).trimEnd().split("\n").slice(1);
    expect(rows.map((row) => row.split(/ {3,}/)[1])).toEqual(tags);
  });
});

describe("formatImageIds", () => {
  it("lists each row's short ID", () => {
    expect(formatImageIds([image({}), alpine, dangling])).toBe("6fd955f66c23\n91ef0af61f39\n91ef0af61f39\n0a1b2c3d4e5f\n");
  });

  it("filters by reference", () => {
    expect(formatImageIds([image({}), alpine], "busybox")).toBe("6fd955f66c23\n");
  });
});
