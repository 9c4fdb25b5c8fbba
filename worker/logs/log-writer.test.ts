import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogEntry } from "./log-store.ts";
import { LogWriter, maxPartialLineBytes } from "./log-writer.ts";
import { MemoryContainerLogStore } from "./memory-log-store.ts";

const text = new TextEncoder();
const decoded = (entries: LogEntry[]) => entries.map(({ stream, time, data }) => ({ stream, time, text: new TextDecoder().decode(data) }));

/** A memory log store that counts its appends, and a writer on it with a clock the test moves. */
function setUp(flushMs?: number) {
  const store = new MemoryContainerLogStore();
  const append = vi.spyOn(store, "append");
  const clock = { time: 1000 };
  const writer = new LogWriter(store, "c1", { now: () => clock.time, flushMs });
  const stored = async () => decoded(await store.read("c1"));
  return { store, append, clock, writer, stored };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("LogWriter", () => {
  it("cuts chunks into lines, each stamped with the arrival of the chunk that completed it", async () => {
    const { writer, clock, stored } = setUp();
    writer.write(1, text.encode("hel"));
    clock.time = 1001;
    writer.write(1, text.encode("lo\nwor"));
    clock.time = 1002;
    writer.write(1, text.encode("ld\n\nlast"));
    await writer.flush();
    expect(await stored()).toEqual([
      { stream: 1, time: 1001, text: "hello\n" },
      { stream: 1, time: 1002, text: "world\n" },
      { stream: 1, time: 1002, text: "\n" },
    ]);
    clock.time = 1003;
    await writer.close();
    expect((await stored()).at(-1)).toEqual({ stream: 1, time: 1002, text: "last" });
  });

  it("keeps stdout and stderr lines apart when their chunks interleave", async () => {
    const { writer, clock, stored } = setUp();
    writer.write(1, text.encode("out "));
    clock.time = 1001;
    writer.write(2, text.encode("err 1\nerr "));
    clock.time = 1002;
    writer.write(1, text.encode("1\n"));
    clock.time = 1003;
    writer.write(2, text.encode("2\n"));
    await writer.flush();
    expect(await stored()).toEqual([
      { stream: 2, time: 1001, text: "err 1\n" },
      { stream: 1, time: 1002, text: "out 1\n" },
      { stream: 2, time: 1003, text: "err 2\n" },
    ]);
  });

  it("stores each stream's unfinished line on close, and then takes no more output", async () => {
    const { writer, clock, stored } = setUp();
    writer.write(2, text.encode("no newline on stderr"));
    clock.time = 1001;
    writer.write(1, text.encode("done\nno newline on stdout"));
    await writer.flush();
    expect(await stored()).toEqual([{ stream: 1, time: 1001, text: "done\n" }]);
    await writer.close();
    expect(await stored()).toEqual([
      { stream: 1, time: 1001, text: "done\n" },
      { stream: 2, time: 1000, text: "no newline on stderr" },
      { stream: 1, time: 1001, text: "no newline on stdout" },
    ]);
    expect(() => writer.write(1, text.encode("late\n"))).toThrow("write after close");
  });

  it("stores a partial line past 16 KiB in entries of 16 KiB, whatever the chunking", async () => {
    const { writer, store } = setUp();
    const long = Uint8Array.from({ length: 40_000 }, (_, index) => 97 + (index % 26));
    for (let start = 0; start < long.length; start += 3000) writer.write(1, long.subarray(start, start + 3000));
    writer.write(1, text.encode("\n"));
    writer.write(2, new Uint8Array(maxPartialLineBytes).fill(120));
    writer.write(2, text.encode("\n"));
    writer.write(1, new Uint8Array(maxPartialLineBytes + 1).fill(121));
    await writer.close();
    const entries = await store.read("c1");
    expect(entries.map(({ stream, data }) => [stream, data.length])).toEqual([
      [1, maxPartialLineBytes],
      [1, maxPartialLineBytes],
      [1, 40_000 - 2 * maxPartialLineBytes + 1],
      [2, maxPartialLineBytes + 1],
      [1, maxPartialLineBytes],
      [1, 1],
    ]);
    const firstLine = new Uint8Array([...entries[0]!.data, ...entries[1]!.data, ...entries[2]!.data]);
    expect(firstLine).toEqual(new Uint8Array([...long, 10]));
  });

  it("copies the chunks it keeps, so the caller may reuse its buffer", async () => {
    const { writer, stored } = setUp();
    const buffer = text.encode("abc");
    writer.write(1, buffer);
    buffer.set(text.encode("xyz"));
    writer.write(1, text.encode("\n"));
    const line = text.encode("line\n");
    writer.write(1, line);
    line.fill(0);
    await writer.flush();
    expect((await stored()).map((entry) => entry.text)).toEqual(["abc\n", "line\n"]);
  });

  it("batches many writes into one append per flush", async () => {
    const { writer, append, store } = setUp();
    for (let chunk = 0; chunk < 100; chunk++) writer.write(1, text.encode("line\n".repeat(10)));
    await writer.flush();
    await writer.flush();
    expect(append).toHaveBeenCalledTimes(1);
    expect(await store.read("c1")).toHaveLength(1000);
  });

  it("appends complete lines on its own at most every flushMs", async () => {
    vi.useFakeTimers();
    const { writer, append, stored } = setUp(200);
    writer.write(1, text.encode("partial only"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(append).not.toHaveBeenCalled();
    for (let step = 0; step < 10; step++) {
      writer.write(1, text.encode(`\nline ${step}`));
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(append).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(append).toHaveBeenCalledTimes(3);
    expect((await stored()).map((entry) => entry.text)).toEqual(["partial only\n", ...Array.from({ length: 9 }, (_, step) => `line ${step}\n`)]);
  });

  it("reports a failed automatic append at the next flush, once", async () => {
    vi.useFakeTimers();
    const { writer, append, stored } = setUp(200);
    append.mockRejectedValueOnce(new Error("storage full"));
    writer.write(1, text.encode("lost\n"));
    await vi.advanceTimersByTimeAsync(200);
    expect(append).toHaveBeenCalledTimes(1);
    writer.write(1, text.encode("kept\n"));
    await expect(writer.flush()).rejects.toThrow("storage full");
    await writer.close();
    expect((await stored()).map((entry) => entry.text)).toEqual(["kept\n"]);
  });

  it("resolves flush and close only once earlier appends are stored", async () => {
    const { writer, store } = setUp();
    writer.write(1, text.encode("one\n"));
    const first = writer.flush();
    writer.write(1, text.encode("two"));
    await writer.close();
    expect(await store.size("c1")).toBe(7);
    await first;
  });
});
