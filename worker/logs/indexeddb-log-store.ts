// Container logs in IndexedDB, for the browser worker: one object store, "logs", holding for each
// container its segment list under the key [containerId] and the bytes of each append under
// [containerId, segment number, offset in the segment]. An append adds records and never rewrites
// stored bytes; a segment goes away with one key-range delete; a commit is one transaction.

import { createStore, promisifyRequest, type UseStore } from "idb-keyval";
import { concatBytes } from "../concat-bytes.ts";
import type { LogSegmentStorage, SegmentChange, SegmentInfo } from "./log-segments.ts";
import { SegmentedLogStore, type LogStoreOptions } from "./segmented-log-store.ts";

const listKey = (containerId: string): IDBValidKey => [containerId];
const pieceKey = (containerId: string, segment: number, offset: number): IDBValidKey => [containerId, segment, offset];

// Arrays compare item by item, a shorter prefix first, and any array sorts after any number.
const segmentRange = (containerId: string, segment: number) => IDBKeyRange.bound([containerId, segment], [containerId, segment, []]);
const containerRange = (containerId: string) => IDBKeyRange.bound([containerId], [containerId, []]);

export class IndexedDbContainerLogStore extends SegmentedLogStore {
  constructor(databaseName = "berth-logs", options: LogStoreOptions = {}) {
    super(new IndexedDbLogSegments(createStore(databaseName, "logs")), options);
  }
}

class IndexedDbLogSegments implements LogSegmentStorage {
  constructor(private readonly store: UseStore) {}

  async loadSegments(containerId: string): Promise<SegmentInfo[]> {
    const segments = await this.store("readonly", (objects) => promisifyRequest<SegmentInfo[] | undefined>(objects.get(listKey(containerId))));
    return segments ?? [];
  }

  readSegments(containerId: string, segments: SegmentInfo[]): Promise<Uint8Array[]> {
    // Every request is made before the first await, so all of them run in this one transaction.
    return this.store("readonly", (objects) =>
      Promise.all(
        segments.map(async ({ number }) => {
          const pieces = await promisifyRequest<ArrayBuffer[]>(objects.getAll(segmentRange(containerId, number)));
          return concatBytes(pieces.map((piece) => new Uint8Array(piece)));
        }),
      ),
    );
  }

  commit(containerId: string, { appends, dropped, segments }: SegmentChange): Promise<void> {
    return this.store("readwrite", (objects) => {
      for (const { number } of dropped) objects.delete(segmentRange(containerId, number));
      // Sliced: a view would be stored with the whole buffer behind it.
      for (const { segment, offset, bytes } of appends) objects.put(bytes.slice().buffer, pieceKey(containerId, segment, offset));
      objects.put(segments, listKey(containerId));
      return promisifyRequest(objects.transaction);
    });
  }

  remove(containerId: string): Promise<void> {
    return this.store("readwrite", (objects) => {
      objects.delete(containerRange(containerId));
      return promisifyRequest(objects.transaction);
    });
  }
}
