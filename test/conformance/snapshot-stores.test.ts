import "fake-indexeddb/auto";
import { IndexedDbSnapshotStore } from "../../worker/snapshots/indexeddb-snapshot-store.ts";
import { MemorySnapshotStore } from "../../worker/snapshots/snapshot-store.ts";
import { bindSuite } from "./conformance.ts";
import { registerSuite } from "./register-vitest.ts";
import { snapshotStoreCases } from "./snapshot-store-suite.ts";

const chunkBytes = 16 * 1024;
const cases = snapshotStoreCases(3 * chunkBytes);

// A memory store lives as long as its instance, so reopening a location returns that instance.
const memoryStores = new Map<string, MemorySnapshotStore>();
function openMemoryStore(location: string): MemorySnapshotStore {
  const store = memoryStores.get(location) ?? new MemorySnapshotStore();
  memoryStores.set(location, store);
  return store;
}

registerSuite(bindSuite("SnapshotStore conformance: memory", cases, openMemoryStore, "memory"));
registerSuite(
  bindSuite("SnapshotStore conformance: IndexedDB (fake-indexeddb)", cases, (location) => new IndexedDbSnapshotStore(location, chunkBytes), "snapshot"),
);
