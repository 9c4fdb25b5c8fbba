// Records kept in memory: for tests and for hosts without durable storage. Instances that share
// `records` act as reopenings of the same store.

import type { RecordStore } from "./record-store.ts";

export class MemoryRecordStore<T extends { id: string }> implements RecordStore<T> {
  constructor(private readonly records = new Map<string, T>()) {}

  async load(): Promise<T[]> {
    return [...this.records.values()].map((record) => structuredClone(record));
  }

  async put(...records: T[]): Promise<void> {
    for (const record of records) this.records.set(record.id, structuredClone(record));
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }
}
