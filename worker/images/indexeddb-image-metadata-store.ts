// Image records in IndexedDB (through idb-keyval), for the browser worker: one entry per record,
// keyed by image id. A multi-record put is one transaction; idb-keyval opens transactions in call
// order and IndexedDB runs overlapping read-write transactions in that order.

import { createStore, del, setMany, values, type UseStore } from "idb-keyval";
import type { ImageMetadataStore } from "./image-metadata-store.ts";
import type { ImageRecord } from "./image-store.ts";

export class IndexedDbImageMetadataStore implements ImageMetadataStore {
  readonly #store: UseStore;

  constructor(databaseName = "berth-images") {
    this.#store = createStore(databaseName, "images");
  }

  load(): Promise<ImageRecord[]> {
    return values<ImageRecord>(this.#store);
  }

  put(...records: ImageRecord[]): Promise<void> {
    // Copied now: idb-keyval clones the values only once the transaction has started.
    return setMany(
      records.map((record) => [record.id, structuredClone(record)]),
      this.#store,
    );
  }

  delete(id: string): Promise<void> {
    return del(id, this.#store);
  }
}
