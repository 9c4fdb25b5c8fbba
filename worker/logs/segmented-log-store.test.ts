import { describe, expect, it, vi } from "vitest";
import type { LogEntry } from "./log-store.ts";
import { MemoryLogSegments } from "./memory-log-store.ts";
import { SegmentedLogStore } from "./segmented-log-store.ts";

const line = (index: number): LogEntry => ({ stream: 1, time: 1000 + index, data: new TextEncoder().encode(`${index}`.padEnd(99) + "\n") });

/** A 10 MB log of 100-byte lines in the default 512 KiB segments, and a spy on segment reads. */
async function tenMegabyteLog() {
  const storage = new MemoryLogSegments(new Map());
  const readSegments = vi.spyOn(storage, "readSegments");
  const store = new SegmentedLogStore(storage);
  for (let start = 0; start < 100_000; start += 1000) await store.append("c1", Array.from({ length: 1000 }, (_, offset) => line(start + offset)));
  return { store, readSegments };
}

const segmentsRead = (spy: { mock: { calls: [string, unknown[]][] } }) => spy.mock.calls.reduce((sum, [, segments]) => sum + segments.length, 0);

describe("SegmentedLogStore reads", () => {
  it("read only the newest segment for a short tail of a 10 MB log", async () => {
    const { store, readSegments } = await tenMegabyteLog();
    expect(await store.size("c1")).toBe(10_000_000);
    expect(await store.read("c1", { tail: 100 })).toEqual(Array.from({ length: 100 }, (_, index) => line(99_900 + index)));
    expect(segmentsRead(readSegments)).toBe(1);
  });

  it("read only the segments overlapping a time window", async () => {
    const { store, readSegments } = await tenMegabyteLog();
    const entries = await store.read("c1", { since: 1000 + 50_000, until: 1000 + 50_010 });
    expect(entries).toEqual(Array.from({ length: 10 }, (_, index) => line(50_000 + index)));
    expect(segmentsRead(readSegments)).toBeLessThanOrEqual(2);
  });

  it("read a tail under a time window one step further at a time", async () => {
    const { store, readSegments } = await tenMegabyteLog();
    const entries = await store.read("c1", { until: 1000 + 60_000, tail: 50 });
    expect(entries).toEqual(Array.from({ length: 50 }, (_, index) => line(59_950 + index)));
    expect(segmentsRead(readSegments)).toBeLessThanOrEqual(2);
  });
});
