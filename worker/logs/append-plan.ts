// Where an append's entries go: on at the end of the newest segment until it reaches the segment
// size, then into new segments; then, while the log holds more data than the cap, its oldest
// segments are dropped (the newest one always stays, so a log never loses its latest entry).

import { encodedEntryBytes } from "./log-entry-codec.ts";
import type { SegmentChange, SegmentInfo } from "./log-segments.ts";

export interface LogLimits {
  /** Bytes of entry data kept per container. */
  capBytes: number;
  /** Encoded bytes after which a segment is full and the next entry starts a new one. */
  segmentBytes: number;
}

/** What an entry contributes to a segment's bookkeeping. */
export interface EntrySize {
  time: number;
  dataBytes: number;
}

/**
 * The change that appends `encoded` (the encoding of entries of these `sizes`, back to back) to a
 * log made of `segments`.
 */
export function planAppend(segments: readonly SegmentInfo[], sizes: readonly EntrySize[], encoded: Uint8Array, limits: LogLimits): SegmentChange {
  const list = segments.map((segment) => ({ ...segment }));
  /** Stretches of `encoded` going to one segment each. */
  const runs: { segment: number; offset: number; start: number; end: number }[] = [];
  let position = 0;
  for (const { time, dataBytes } of sizes) {
    let current = list.at(-1);
    if (!current || current.encodedBytes >= limits.segmentBytes) {
      current = { number: (current?.number ?? -1) + 1, encodedBytes: 0, dataBytes: 0, entries: 0, minTime: time, maxTime: time };
      list.push(current);
    }
    const entryBytes = encodedEntryBytes(dataBytes);
    const run = runs.at(-1);
    if (run?.segment === current.number) run.end += entryBytes;
    else runs.push({ segment: current.number, offset: current.encodedBytes, start: position, end: position + entryBytes });
    current.encodedBytes += entryBytes;
    current.dataBytes += dataBytes;
    current.entries += 1;
    current.minTime = Math.min(current.minTime, time);
    current.maxTime = Math.max(current.maxTime, time);
    position += entryBytes;
  }
  let keptBytes = list.reduce((sum, segment) => sum + segment.dataBytes, 0);
  const droppedNumbers = new Set<number>();
  while (keptBytes > limits.capBytes && list.length > 1) {
    const oldest = list.shift()!;
    keptBytes -= oldest.dataBytes;
    droppedNumbers.add(oldest.number);
  }
  return {
    appends: runs
      .filter((run) => !droppedNumbers.has(run.segment))
      .map(({ segment, offset, start, end }) => ({ segment, offset, bytes: encoded.subarray(start, end) })),
    dropped: segments.filter((segment) => droppedNumbers.has(segment.number)),
    segments: list,
  };
}
