// What a log store backend keeps per container: a list of segments, oldest first, and each
// segment's bytes (encoded entries, see log-entry-codec.ts). SegmentedLogStore decides what goes
// where; a backend only stores it. Segments grow by appends at their end and go away whole.

export interface SegmentInfo {
  /** Increasing from 0 in the order the segments were started. */
  number: number;
  /** Stored bytes: the encoded entries. */
  encodedBytes: number;
  /** Bytes of entry data, what the cap counts. */
  dataBytes: number;
  entries: number;
  /** The earliest and the latest entry time in the segment, so a time window can skip it. */
  minTime: number;
  maxTime: number;
}

/** Bytes to store at the end of a segment, whose stored length is `offset` before this append. */
export interface SegmentAppend {
  segment: number;
  offset: number;
  bytes: Uint8Array;
}

export interface SegmentChange {
  appends: SegmentAppend[];
  /** Stored segments to delete. */
  dropped: SegmentInfo[];
  /** The container's segment list once the change is made. */
  segments: SegmentInfo[];
}

export interface LogSegmentStorage {
  /** The container's stored segment list, oldest first; empty when it has no log. */
  loadSegments(containerId: string): Promise<SegmentInfo[]>;
  /** The stored bytes of each of these segments of the current list, in the same order. */
  readSegments(containerId: string, segments: SegmentInfo[]): Promise<Uint8Array[]>;
  /** Makes the whole change in one atomic step: after a crash, all of it is stored or none. */
  commit(containerId: string, change: SegmentChange): Promise<void>;
  /** Deletes everything stored for the container. */
  remove(containerId: string): Promise<void>;
}
