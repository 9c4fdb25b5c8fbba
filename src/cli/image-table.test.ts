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

const table = { now, digests: false, truncate: true };
const ids = { digests: false, truncate: true };
const digest = (fill: string) => `sha256:${fill.repeat(64)}`;

describe("formatImageTable", () => {
  it("prints only the header when there are no images", () => {
    expect(formatImageTable([], table)).toBe("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
  });

  it("lays out one row per tag, like docker images", () => {
    expect(formatImageTable([image({}), alpine, dangling], table)).toBe(
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
    const pinned = image({ RepoTags: [], RepoDigests: [`busybox@${digest("1")}`] });
    expect(formatImageTable([pinned], table).split("\n")[1]).toMatch(/^busybox {6}<none> {4}6fd955f66c23 /);
  });

  it("adds a DIGEST column with --digests: a row per digest of a tag's repository", () => {
    const pulled = image({
      RepoTags: ["busybox:latest", "busybox:1.36", "mirror.example/busybox:latest"],
      RepoDigests: [`busybox@${digest("a")}`, `other/box@${digest("b")}`],
    });
    expect(formatImageTable([pulled, dangling], { ...table, digests: true })).toBe(
      [
        "REPOSITORY               TAG       DIGEST                                                                    IMAGE ID       CREATED          SIZE",
        `busybox                  latest    ${digest("a")}   6fd955f66c23   2 weeks ago      4.26MB`,
        `busybox                  1.36      ${digest("a")}   6fd955f66c23   2 weeks ago      4.26MB`,
        "mirror.example/busybox   latest    <none>                                                                    6fd955f66c23   2 weeks ago      4.26MB",
        `other/box                <none>    ${digest("b")}   6fd955f66c23   2 weeks ago      4.26MB`,
        "<none>                   <none>    <none>                                                                    0a1b2c3d4e5f   30 seconds ago   1.2kB",
        "",
      ].join("\n"),
    );
  });

  it("shows full IDs with --no-trunc", () => {
    expect(formatImageTable([image({})], { ...table, truncate: false }).split("\n")[1]).toContain(
      "   sha256:6fd955f66c231c1a946653170d096a28ac2b2052a02080c0b84ec082a07f7d12   ",
    );
  });

  it.each<[string, string[]]>([
    ["alpine", ["3.20", "latest"]],
    ["alpine:3.20", ["3.20"]],
    ["docker.io/library/alpine:latest", ["latest"]],
    ["busybox:1.36", []],
    ["nothing", []],
  ])("shows only rows matching %s", (reference, tags) => {
    const rows = formatImageTable([image({}), alpine, dangling], { ...table, reference }).trimEnd().split("\n").slice(1);
    expect(rows.map((row) => row.split(/ {3,}/)[1])).toEqual(tags);
  });
});

describe("formatImageIds", () => {
  it("lists each row's short ID", () => {
    expect(formatImageIds([image({}), alpine, dangling], ids)).toBe("6fd955f66c23\n91ef0af61f39\n91ef0af61f39\n0a1b2c3d4e5f\n");
  });

  it("filters by reference", () => {
    expect(formatImageIds([image({}), alpine], { ...ids, reference: "busybox" })).toBe("6fd955f66c23\n");
  });

  it("gives full IDs with --no-trunc", () => {
    expect(formatImageIds([image({})], { ...ids, truncate: false })).toBe(
      "sha256:6fd955f66c231c1a946653170d096a28ac2b2052a02080c0b84ec082a07f7d12\n",
    );
  });
});
