import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { ImageRecord } from "../../worker/images/image-store.ts";
import { IndexedDbImageMetadataStore } from "../../worker/images/indexeddb-image-metadata-store.ts";
import { MemoryImageMetadataStore } from "../../worker/images/memory-image-metadata-store.ts";
import { NodeFsImageMetadataStore } from "../../worker/images/node-fs-image-metadata-store.ts";
import { bindSuite } from "./conformance.ts";
import { imageMetadataStoreCases } from "./image-metadata-store-suite.ts";
import { registerSuite } from "./register-vitest.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-image-metadata-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const cases = imageMetadataStoreCases();

// Memory stores on the same location share their records, as a reload would find them.
const memoryLocations = new Map<string, Map<string, ImageRecord>>();
function openMemoryStore(location: string): MemoryImageMetadataStore {
  const records = memoryLocations.get(location) ?? new Map<string, ImageRecord>();
  memoryLocations.set(location, records);
  return new MemoryImageMetadataStore(records);
}

registerSuite(bindSuite("ImageMetadataStore conformance: memory", cases, openMemoryStore, "memory"));
registerSuite(
  bindSuite("ImageMetadataStore conformance: filesystem", cases, (location) => new NodeFsImageMetadataStore(join(temporaryRoot, location)), "fs"),
);
registerSuite(
  bindSuite("ImageMetadataStore conformance: IndexedDB (fake-indexeddb)", cases, (location) => new IndexedDbImageMetadataStore(location), "images"),
);
