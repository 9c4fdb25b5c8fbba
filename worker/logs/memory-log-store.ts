// Container logs kept in memory: for tests and for hosts without durable storage. Instances that
// share `logs` act as reopenings of the same store.

import { concatBytes } from "../concat-bytes.ts";
import type { LogSegmentStorage, SegmentChange, SegmentInfo } from "./log-segments.ts";
import { SegmentedLogStore, type LogStoreOptions } from "./segmented-log-store.ts";

export interface MemoryLog {
  segments: SegmentInfo[];
  /** Each segment's appended byte runs, by segment number. */
  pieces: Map<number, Uint8Array[]>;
}

export class MemoryContainerLogStore extends SegmentedLogStore {
  constructor(options: LogStoreOptions = {}, logs = new Map<string, MemoryLog>()) {
    super(new MemoryLogSegments(logs), options);
  }
}

export class MemoryLogSegments implements LogSegmentStorage {
  constructor(private readonly logs: Map<string, MemoryLog>) {}

  async loadSegments(containerId: string): Promise<SegmentInfo[]> {
    return structuredClone(this.logs.get(containerId)?.segments ?? []);
  }

  async readSegments(containerId: string, segments: SegmentInfo[]): Promise<Uint8Array[]> {
    const pieces = this.logs.get(containerId)?.pieces;
    // The empty head makes concatBytes copy a lone piece too, so callers never hold stored bytes.
    return segments.map(({ number }) => concatBytes([new Uint8Array(0), ...(pieces?.get(number) ?? [])]));
  }

  async commit(containerId: string, { appends, dropped, segments }: SegmentChange): Promise<void> {
    const log = this.logs.get(containerId) ?? { segments: [], pieces: new Map() };
    for (const { segment, bytes } of appends) {
      const pieces = log.pieces.get(segment) ?? [];
      pieces.push(bytes.slice());
      log.pieces.set(segment, pieces);
    }
    for (const { number } of dropped) log.pieces.delete(number);
    log.segments = structuredClone(segments);
    this.logs.set(containerId, log);
  }

  async remove(containerId: string): Promise<void> {
    this.logs.delete(containerId);
  }
}
