import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { ChecksummedDiskChunkStore } from "../../worker/disks/checksummed-disk-chunk-store.ts";
import { defaultSlotBytes } from "../../worker/disks/disk-bus.ts";
import type { DiskChunkStore } from "../../worker/disks/disk-chunk-store.ts";
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

const openIndexedDbStore = (location: string) => new IndexedDbDiskChunkStore(location, chunkBytes);
const openFsStore = (location: string) => new NodeFsDiskChunkStore(join(temporaryRoot, location), chunkBytes);
/** The engine's disks: checksums over a backend, each reopening a fresh wrapper as after a reload. */
const checksummed = (inner: DiskChunkStore) => new ChecksummedDiskChunkStore(inner, defaultSlotBytes / chunkBytes);

registerSuite(bindSuite("DiskChunkStore conformance: memory", cases, openMemoryStore, "memory"));
registerSuite(bindSuite("DiskChunkStore conformance: IndexedDB (fake-indexeddb)", cases, openIndexedDbStore, "disks"));
registerSuite(bindSuite("DiskChunkStore conformance: filesystem", cases, openFsStore, "fs-disks"));
registerSuite(bindSuite("DiskChunkStore conformance: checksummed memory", cases, (location) => checksummed(openMemoryStore(location)), "checked-memory"));
registerSuite(
  bindSuite("DiskChunkStore conformance: checksummed IndexedDB (fake-indexeddb)", cases, (location) => checksummed(openIndexedDbStore(location)), "checked-disks"),
);
registerSuite(bindSuite("DiskChunkStore conformance: checksummed filesystem", cases, (location) => checksummed(openFsStore(location)), "checked-fs-disks"));
