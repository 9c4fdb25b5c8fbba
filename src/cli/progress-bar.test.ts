import { describe, expect, it } from "vitest";
import { formatProgress } from "./progress-bar.ts";

const wide = 120;
const narrow = 80;

describe("formatProgress", () => {
  it("draws Docker's 50-column bar on a terminal wider than 110 columns", () => {
    expect(formatProgress({ current: 12_345_678, total: 45_600_000 }, wide)).toBe(
      `[=============>${" ".repeat(37)}]  12.35MB/45.6MB`,
    );
  });

  it("leaves the bar out on narrower terminals", () => {
    expect(formatProgress({ current: 12_345_678, total: 45_600_000 }, narrow)).toBe(" 12.35MB/45.6MB");
    expect(formatProgress({ current: 1, total: 2 }, 110)).toBe("      1B/2B");
  });

  it.each<[number, number, string]>([
    [0, 100, `[>${" ".repeat(50)}]`],
    [1, 100, `[>${" ".repeat(50)}]`],
    [3, 100, `[=>${" ".repeat(49)}]`],
    [100, 100, `[${"=".repeat(50)}>]`],
  ])("fills %d of %d as %s", (current, total, bar) => {
    expect(formatProgress({ current, total }, wide).startsWith(`${bar} `)).toBe(true);
  });

  it("shows only the current size when the total is unknown or exceeded", () => {
    expect(formatProgress({ current: 2_500_000 }, wide)).toBe("   2.5MB");
    expect(formatProgress({ current: 3_000_000, total: 2_000_000 }, narrow)).toBe("     3MB");
    expect(formatProgress({ current: 3_000_000, total: 2_000_000 }, wide)).toBe(`[${"=".repeat(50)}>]      3MB`);
  });

  it("is empty without any count", () => {
    expect(formatProgress({}, wide)).toBe("");
    expect(formatProgress({ current: 0, total: 0 }, wide)).toBe("");
  });
});
