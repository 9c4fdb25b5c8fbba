import { describe, expect, it } from "vitest";
import { containerStatusText, toContainerSummary } from "./container-summary.ts";
import type { ContainerRecord } from "./container-store.ts";

const base: ContainerRecord = {
  id: "a".repeat(64),
  name: "calm_harbor",
  createdAt: 1_700_000_000_000,
  imageRef: "busybox",
  imageId: "sha256:" + "b".repeat(64),
  request: { Image: "busybox" },
  args: ["sh", "-c", "exit 3"],
  state: "created",
};

describe("container status text", () => {
  it.each<[Partial<ContainerRecord>, number, string]>([
    [{}, 0, "Created"],
    [{ state: "running", startedAt: 0 }, 5_000, "Up 5 seconds"],
    [{ state: "exited", exitCode: 3, finishedAt: 0 }, 120_000, "Exited (3) 2 minutes ago"],
    [{ state: "exited", exitCode: 0, finishedAt: 0 }, 500, "Exited (0) Less than a second ago"],
  ])("%j at %i ms → %s", (patch, now, expected) => {
    expect(containerStatusText({ ...base, ...patch }, now)).toBe(expected);
  });

  it("lists names with a leading slash, the command and the creation time in seconds", () => {
    const summary = toContainerSummary(base, base.createdAt);
    expect(summary.Names).toEqual(["/calm_harbor"]);
    expect(summary.Command).toBe("sh -c exit 3");
    expect(summary.Created).toBe(1_700_000_000);
  });
});
