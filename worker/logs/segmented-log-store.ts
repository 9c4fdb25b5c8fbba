// The ContainerLogStore on top of a backend's segments (log-segments.ts), the same for every
// backend. It keeps each container's segment list in memory once read, plans appends and drops
// (append-plan.ts), and reads only the segments a request needs: those overlapping its time window,
// and for a tail only enough of them from the end. Calls on one container run one at a time in
// call order; the backend makes each append atomic.

import { planAppend, type LogLimits } from "./append-plan.ts";
import { decodeEntries, encodeEntries } from "./log-entry-codec.ts";
import type { LogSegmentStorage, SegmentInfo } from "./log-segments.ts";
import type { ContainerLogStore, LogEntry, LogReadOptions } from "./log-store.ts";
import { PerKeyQueue } from "./per-key-queue.ts";

const defaultCapBytes = 32 * 1024 * 1024;
const defaultSegmentBytes = 512 * 1024;

/** By default 32 MiB per container, in segments of 512 KiB (at most an eighth of the cap). */
export type LogStoreOptions = Partial<LogLimits>;

export class SegmentedLogStore implements ContainerLogStore {
  readonly #limits: LogLimits;
  readonly #queue = new PerKeyQueue();
  /** Each container's stored segment list, once read. */
  readonly #segments = new Map<string, SegmentInfo[]>();

  constructor(
    private readonly storage: LogSegmentStorage,
    { capBytes = defaultCapBytes, segmentBytes = Math.max(1, Math.min(defaultSegmentBytes, Math.floor(capBytes / 8))) }: LogStoreOptions = {},
  ) {
    this.#limits = { capBytes, segmentBytes };
  }

  append(containerId: string, entries: LogEntry[]): Promise<void> {
    // Encoded now, which also copies the data.
    const encoded = encodeEntries(entries);
    const sizes = entries.map((entry) => ({ time: entry.time, dataBytes: entry.data.length }));
    return this.#queue.run(containerId, async () => {
      if (sizes.length === 0) return;
      const change = planAppend(await this.#segmentsOf(containerId), sizes, encoded, this.#limits);
      await this.storage.commit(containerId, change);
      this.#segments.set(containerId, change.segments);
    });
  }

  read(containerId: string, { since, until, tail }: LogReadOptions = {}): Promise<LogEntry[]> {
    return this.#queue.run(containerId, async () => {
      const inWindow = (time: number) => (since === undefined || time >= since) && (until === undefined || time < until);
      const candidates = (await this.#segmentsOf(containerId)).filter(
        (segment) => (since === undefined || segment.maxTime >= since) && (until === undefined || segment.minTime < until),
      );
      const decode = async (segments: SegmentInfo[]) =>
        (await this.storage.readSegments(containerId, segments)).flatMap(decodeEntries).filter((entry) => inWindow(entry.time));
      if (tail === undefined) return decode(candidates);
      // From the end, read as many segments at a time as could hold the entries still missing.
      const batches: LogEntry[][] = [];
      let found = 0;
      let end = candidates.length;
      while (found < tail && end > 0) {
        let start = end - 1;
        let available = candidates[start]!.entries;
        while (start > 0 && found + available < tail) available += candidates[--start]!.entries;
        const entries = await decode(candidates.slice(start, end));
        batches.unshift(entries);
        found += entries.length;
        end = start;
      }
      return tail > 0 ? batches.flat().slice(-tail) : [];
    });
  }

  size(containerId: string): Promise<number> {
    return this.#queue.run(containerId, async () => (await this.#segmentsOf(containerId)).reduce((sum, segment) => sum + segment.dataBytes, 0));
  }

  remove(containerId: string): Promise<void> {
    return this.#queue.run(containerId, async () => {
      this.#segments.delete(containerId);
      await this.storage.remove(containerId);
    });
  }

  async #segmentsOf(containerId: string): Promise<SegmentInfo[]> {
    let segments = this.#segments.get(containerId);
    if (!segments) {
      segments = await this.storage.loadSegments(containerId);
      this.#segments.set(containerId, segments);
    }
    return segments;
  }
}
