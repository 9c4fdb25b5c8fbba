// Records in IndexedDB (through idb-keyval), for the browser worker: one entry per record, keyed by
// its id, in the object store `storeName` of the database `databaseName`. A multi-record put is one
// transaction; idb-keyval opens transactions in call order and IndexedDB runs overlapping
// read-write transactions in that order.

import { createStore, del, setMany, values, type UseStore } from "idb-keyval";
import type { RecordStore } from "./record-store.ts";

export class IndexedDbRecordStore<T extends { id: string }> implements RecordStore<T> {
  readonly #store: UseStore;

  constructor(databaseName: string, storeName: string) {
    this.#store = createStore(databaseName, storeName);
  }

  load(): Promise<T[]> {
    return values<T>(this.#store);
  }

  put(...records: T[]): Promise<void> {
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
