import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbDiskChunkStore } from "../../worker/disks/indexeddb-disk-chunk-store.ts";
import { MemoryDiskChunkStore } from "../../worker/disks/memory-disk-chunk-store.ts";
import { NodeFsDiskChunkStore } from "../../worker/disks/node-fs-disk-chunk-store.ts";
import { bindSuite } from "./conformance.ts";
import { diskChunkStoreCases } from "./disk-chunk-store-suite.ts";
import { registerSuite } from "./register-vitest.ts";

const chunkBytes = 16 * 1024;
const cases = diskChunkStoreCases();
const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-disks-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

// A memory store lives as long as its instance, so reopening a location returns that instance.
const memoryStores = new Map<string, MemoryDiskChunkStore>();
function openMemoryStore(location: string): MemoryDiskChunkStore {
  const store = memoryStores.get(location) ?? new MemoryDiskChunkStore(chunkBytes);
  memoryStores.set(location, store);
  return store;
}

registerSuite(bindSuite("DiskChunkStore conformance: memory", cases, openMemoryStore, "memory"));
registerSuite(
  bindSuite("DiskChunkStore conformance: IndexedDB (fake-indexeddb)", cases, (location) => new IndexedDbDiskChunkStore(location, chunkBytes), "disks"),
);
registerSuite(
  bindSuite("DiskChunkStore conformance: filesystem", cases, (location) => new NodeFsDiskChunkStore(join(temporaryRoot, location), chunkBytes), "fs-disks"),
);
