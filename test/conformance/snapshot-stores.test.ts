import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbSnapshotStore } from "../../worker/snapshots/indexeddb-snapshot-store.ts";
import { NodeFsSnapshotStore } from "../../worker/snapshots/node-fs-snapshot-store.ts";
import { MemorySnapshotStore } from "../../worker/snapshots/snapshot-store.ts";
import { bindSuite } from "./conformance.ts";
import { registerSuite } from "./register-vitest.ts";
import { snapshotStoreCases } from "./snapshot-store-suite.ts";

const chunkBytes = 16 * 1024;
const cases = snapshotStoreCases(3 * chunkBytes);
const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-snapshots-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

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
registerSuite(bindSuite("SnapshotStore conformance: filesystem", cases, (location) => new NodeFsSnapshotStore(join(temporaryRoot, location)), "fs-snapshot"));
