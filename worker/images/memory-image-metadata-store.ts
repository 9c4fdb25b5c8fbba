// Image records kept in memory: for tests and for hosts without durable storage. Instances that
// share `records` act as reopenings of the same store.

import type { ImageMetadataStore } from "./image-metadata-store.ts";
import type { ImageRecord } from "./image-store.ts";

export class MemoryImageMetadataStore implements ImageMetadataStore {
  constructor(private readonly records = new Map<string, ImageRecord>()) {}

  async load(): Promise<ImageRecord[]> {
    return [...this.records.values()].map((record) => structuredClone(record));
  }

  async put(...records: ImageRecord[]): Promise<void> {
    for (const record of records) this.records.set(record.id, structuredClone(record));
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }
}
