// The conformance suite every ContainerLogStore backend passes. Backends are opened with
// `logSuiteLimits`, small enough that modest logs span many segments and reach the cap.

import type { ContainerLogStore, LogEntry } from "../../worker/logs/log-store.ts";
import { assert, assertDeepEqual, assertEqual } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

export const logSuiteLimits = { capBytes: 16 * 1024, segmentBytes: 2 * 1024 };

const text = new TextEncoder();
const t0 = Date.UTC(2024, 4, 1, 12);

/** Line `index` of a log: 100 bytes with its newline, on stdout or stderr, one ms after the previous. */
function line(index: number): LogEntry {
  return { stream: index % 3 === 0 ? 2 : 1, time: t0 + index, data: text.encode(`line ${index} `.padEnd(99, ".") + "\n") };
}

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, offset) => line(from + offset));
const dataBytes = (entries: LogEntry[]) => entries.reduce((sum, entry) => sum + entry.data.length, 0);
/** How many 100-byte lines fill a segment: it is full once its encoded entries reach the segment size. */
const linesPerSegment = Math.ceil(logSuiteLimits.segmentBytes / (13 + 100));

async function assertLog(store: ContainerLogStore, containerId: string, expected: LogEntry[], what: string): Promise<void> {
  assertDeepEqual(await store.read(containerId), expected, what);
  assertEqual(await store.size(containerId), dataBytes(expected), `${what}: size`);
}

export function logStoreCases(): ConformanceCase<ContainerLogStore>[] {
  return [
    {
      name: "reads an unknown container's log as empty",
      async run(open) {
        const store = await open();
        await assertLog(store, "c1", [], "a new store");
        assertDeepEqual(await store.read("c1", { since: 0, until: t0, tail: 10 }), [], "a filtered read");
        await store.append("c1", []);
        await assertLog(store, "c1", [], "after an empty append");
      },
    },
    {
      name: "returns every entry exactly: binary, unicode, empty and partial lines, stream and time",
      async run(open) {
        const entries: LogEntry[] = [
          { stream: 1, time: t0 + 0.25, data: Uint8Array.from({ length: 256 }, (_, byte) => byte) },
          { stream: 2, time: t0 + 1, data: text.encode("grüße, 世界 ✓ 🐳\n") },
          { stream: 1, time: t0 + 2, data: text.encode("\n") },
          { stream: 2, time: t0 + 2, data: new Uint8Array(0) },
          { stream: 1, time: 0, data: text.encode("\r\n\0\n") },
          { stream: 2, time: t0 + 3, data: text.encode("a partial line, without its newline") },
        ];
        const store = await open();
        await store.append("c1", entries.slice(0, 2));
        await store.append("c1", entries.slice(2));
        await assertLog(store, "c1", entries, "read back");
        await assertLog(await open(), "c1", entries, "read back after a reload");
      },
    },
    {
      name: "keeps the data of an append, not the caller's buffers",
      async run(open) {
        const store = await open();
        const entries = [line(1), line(2)];
        const appended = store.append("c1", entries);
        entries[0]!.data.fill(0);
        entries.pop();
        await appended;
        const [read] = await store.read("c1");
        read!.data.fill(1);
        await assertLog(store, "c1", [line(1), line(2)], "after changing the buffers");
      },
    },
    {
      name: "keeps entries in order across many appends and segments",
      async run(open) {
        const store = await open();
        const expected: LogEntry[] = [];
        for (let index = 0; index < 120; ) {
          const batch = lines(index, index + 1 + (index % 4));
          await store.append("c1", batch);
          expected.push(...batch);
          index += batch.length;
        }
        assert(dataBytes(expected) < logSuiteLimits.capBytes, "the log stays below the cap");
        assert(dataBytes(expected) > 4 * logSuiteLimits.segmentBytes, "the log spans several segments");
        await assertLog(store, "c1", expected, "read back");
        await assertLog(await open(), "c1", expected, "read back after a reload");
      },
    },
    {
      name: "reads a time window and a tail, alone and combined",
      async run(open) {
        const store = await open();
        const entries = lines(0, 100);
        // A clock stepped back: this entry's time is earlier than those before it.
        const late = { ...line(1000), time: t0 + 15.5 };
        await store.append("c1", entries.slice(0, 60));
        await store.append("c1", [late]);
        await store.append("c1", entries.slice(60));
        const all = [...entries.slice(0, 60), late, ...entries.slice(60)];
        const window = (since: number, until: number) => all.filter(({ time }) => time >= t0 + since && time < t0 + until);
        assertDeepEqual(await store.read("c1", { since: t0 + 90 }), all.slice(-10), "since");
        assertDeepEqual(await store.read("c1", { until: t0 + 10 }), all.slice(0, 10), "until");
        assertDeepEqual(await store.read("c1", { since: t0 + 10, until: t0 + 20 }), window(10, 20), "since and until, across the late entry");
        assertDeepEqual(await store.read("c1", { tail: 5 }), all.slice(-5), "tail");
        assertDeepEqual(await store.read("c1", { tail: 45 }), all.slice(-45), "a tail across segments");
        assertDeepEqual(await store.read("c1", { tail: 1000 }), all, "a tail beyond the log");
        assertDeepEqual(await store.read("c1", { tail: 0 }), [], "tail 0");
        assertDeepEqual(await store.read("c1", { since: t0 + 10, until: t0 + 70, tail: 7 }), window(10, 70).slice(-7), "since, until and tail");
        assertDeepEqual(await store.read("c1", { since: t0 + 12, until: t0 + 17, tail: 3 }), [line(15), line(16), late], "a tail in append order, over the late entry");
        assertDeepEqual(await store.read("c1", { since: t0 + 10, until: t0 + 10 }), [], "an empty window");
        assertDeepEqual(await (await open()).read("c1", { since: t0 + 50, tail: 3 }), all.slice(-3), "a reopened store");
      },
    },
    {
      name: "drops the oldest whole segments once the log passes its cap, and size follows",
      async run(open) {
        const store = await open();
        const written = lines(0, 400);
        for (let index = 0; index < 150; index += 10) await store.append("c1", written.slice(index, index + 10));
        await store.append("c1", written.slice(150));
        const kept = await store.read("c1");
        const first = written.length - kept.length;
        assertDeepEqual(kept, written.slice(first), "the newest entries are kept, in order");
        assertEqual(first % linesPerSegment, 0, "the dropped entries fill whole segments, so the first kept line");
        const size = await store.size("c1");
        assertEqual(size, dataBytes(kept), "size");
        assert(size <= logSuiteLimits.capBytes, `size ${size} is within the cap`);
        assert(size + linesPerSegment * 100 > logSuiteLimits.capBytes, `size ${size} is less than a segment below the cap`);
        await assertLog(await open(), "c1", kept, "a reopened store");
        assertDeepEqual(await store.read("c1", { tail: 3 }), written.slice(-3), "the tail");
      },
    },
    {
      name: "keeps the newest entries of a single append larger than the cap",
      async run(open) {
        const store = await open();
        await store.append("c1", lines(0, 10));
        await store.append("c1", lines(10, 600));
        const kept = await store.read("c1");
        assert(kept.length > 0, "something is kept");
        assertDeepEqual(kept, lines(600 - kept.length, 600), "the newest entries");
        assert((await store.size("c1")) <= logSuiteLimits.capBytes, "size is within the cap");
        await assertLog(await open(), "c1", kept, "a reopened store");
      },
    },
    {
      name: "removes a container's log, after which it starts afresh",
      async run(open) {
        const store = await open();
        await store.append("c1", lines(0, 200));
        await store.append("c2", lines(0, 3));
        await store.remove("c1");
        await store.remove("never-logged");
        await assertLog(store, "c1", [], "after remove");
        await assertLog(await open(), "c1", [], "a reopened store");
        await store.append("c1", lines(500, 502));
        await assertLog(await open(), "c1", lines(500, 502), "appended after remove, reopened");
        await assertLog(store, "c2", lines(0, 3), "another container");
      },
    },
    {
      name: "keeps containers apart, also ids that are prefixes of each other",
      async run(open) {
        const store = await open();
        const ids = ["a", "ab", "a/b", "b", "ünï ✓"];
        for (let round = 0; round < 30; round++) {
          for (const [index, id] of ids.entries()) await store.append(id, [line(round * 10 + index)]);
        }
        await store.remove("ab");
        const reopened = await open();
        for (const [index, id] of ids.entries()) {
          const expected = id === "ab" ? [] : Array.from({ length: 30 }, (_, round) => line(round * 10 + index));
          await assertLog(reopened, id, expected, `container ${JSON.stringify(id)}`);
        }
      },
    },
    {
      name: "a reopened store reads what an earlier one wrote, and appends after it",
      async run(open) {
        const first = await open();
        await first.append("c1", lines(0, 70));
        const second = await open();
        await assertLog(second, "c1", lines(0, 70), "the reopened store");
        await second.append("c1", lines(70, 90));
        await assertLog(await open(), "c1", lines(0, 90), "a third instance");
      },
    },
    {
      name: "applies appends made without awaiting each in call order",
      async run(open) {
        const store = await open();
        const calls: Promise<void>[] = [];
        let midway: Promise<LogEntry[]> | undefined;
        for (let index = 0; index < 100; index++) {
          calls.push(store.append("c1", [line(index)]));
          if (index === 49) midway = store.read("c1");
        }
        const size = store.size("c1");
        await Promise.all(calls);
        assertDeepEqual(await midway, lines(0, 50), "a read made after the 50th append");
        assertEqual(await size, 100 * 100, "a size asked after the appends");
        await assertLog(await open(), "c1", lines(0, 100), "a reopened store");
      },
    },
  ];
}
