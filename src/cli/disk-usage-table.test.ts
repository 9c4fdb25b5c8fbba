import { describe, expect, it } from "vitest";
import type { ContainerSummary, ImageSummary, SystemDataUsage } from "../api/types.ts";
import { formatDiskUsage, formatDiskUsageVerbose } from "./disk-usage-table.ts";

const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const secondsAgo = (seconds: number) => now / 1000 - seconds;

function image(overrides: Partial<ImageSummary>): ImageSummary {
  return {
    Id: `sha256:${"6".repeat(64)}`,
    ParentId: "",
    RepoTags: ["busybox:latest"],
    RepoDigests: [],
    Created: secondsAgo(3 * 24 * 3600),
    Size: 4_261_646,
    SharedSize: 0,
    Labels: {},
    Containers: 1,
    ...overrides,
  };
}

function container(overrides: Partial<ContainerSummary>, sizeRw: number): SystemDataUsage["Containers"][number] {
  return {
    Id: "4f66ad9a0b2e".padEnd(64, "1"),
    Names: ["/web"],
    Image: "busybox",
    ImageID: `sha256:${"6".repeat(64)}`,
    Command: "sh -c 'while true; do sleep 1; done'",
    Created: secondsAgo(120),
    State: "running",
    Status: "Up 2 minutes",
    Labels: {},
    Ports: [],
    Mounts: [],
    SizeRw: sizeRw,
    SizeRootFs: 0,
    ...overrides,
  };
}

const usage: SystemDataUsage = {
  LayersSize: 125_000_000,
  Images: [
    image({}),
    image({ Id: `sha256:${"d".repeat(64)}`, RepoTags: ["debian:latest"], Size: 120_738_354, Containers: 0 }),
    image({ Id: `sha256:${"0".repeat(64)}`, RepoTags: [], Size: 1200, Containers: 0 }),
  ],
  Containers: [
    container({}, 12_000),
    container({ Id: "9c1d".padEnd(64, "2"), Names: ["/old"], State: "exited", Status: "Exited (0) 1 hour ago" }, 36_000),
  ],
  Volumes: [],
  BuildCache: [],
};

describe("formatDiskUsage", () => {
  it("sums up each kind of object as docker system df does", () => {
    expect(formatDiskUsage(usage)).toBe(
      [
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE",
        "Images          3         1         125MB     120.7MB (96%)",
        "Containers      2         1         48kB      36kB (75%)",
        "Local Volumes   0         0         0B        0B",
        "Build Cache     0         0         0B        0B",
        "",
      ].join("\n"),
    );
  });

  it("counts images in use as not reclaimable, unless their size is unknown", () => {
    const unknown = { ...usage, Images: [image({ SharedSize: -1 })], Containers: [] };
    expect(formatDiskUsage(unknown).split("\n")[1]).toBe("Images          1         1         125MB     125MB (100%)");
  });

  it("shows no share when there is nothing at all", () => {
    const empty: SystemDataUsage = { LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: [] };
    expect(formatDiskUsage(empty).split("\n").slice(1, 3)).toEqual([
      "Images          0         0         0B        0B",
      "Containers      0         0         0B        0B",
    ]);
  });
});

describe("formatDiskUsageVerbose", () => {
  it("prints a table per kind of object", () => {
    expect(formatDiskUsageVerbose(usage, now)).toBe(
      [
        "Images space usage:",
        "",
        "REPOSITORY   TAG       IMAGE ID       CREATED      SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS",
        "busybox      latest    666666666666   3 days ago   4.26MB    0B            4.26MB        1",
        "debian       latest    dddddddddddd   3 days ago   121MB     0B            121MB         0",
        "<none>       <none>    000000000000   3 days ago   1.2kB     0B            1.2kB         0",
        "",
        "Containers space usage:",
        "",
        "CONTAINER ID   IMAGE     COMMAND                  LOCAL VOLUMES   SIZE      CREATED         STATUS                  NAMES",
        `4f66ad9a0b2e   busybox   "sh -c 'while true; …"   0               12kB      2 minutes ago   Up 2 minutes            web`,
        `9c1d22222222   busybox   "sh -c 'while true; …"   0               36kB      2 minutes ago   Exited (0) 1 hour ago   old`,
        "",
        "Local Volumes space usage:",
        "",
        "VOLUME NAME   LINKS     SIZE",
        "",
        "Build cache usage: 0B",
        "",
        "CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED",
        "",
      ].join("\n"),
    );
  });
});
