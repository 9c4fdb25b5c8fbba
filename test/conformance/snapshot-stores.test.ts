import "fake-indexeddb/auto";
import { IndexedDbSnapshotStore } from "../../worker/snapshots/indexeddb-snapshot-store.ts";
import { MemorySnapshotStore } from "../../worker/snapshots/snapshot-store.ts";
import { snapshotStoreSuite } from "./snapshot-store-suite.ts";

let databases = 0;

const chunkBytes = 16 * 1024;

snapshotStoreSuite("memory", async () => new MemorySnapshotStore(), 3 * chunkBytes);
snapshotStoreSuite("IndexedDB (fake-indexeddb)", async () => new IndexedDbSnapshotStore(`snapshot-suite-${databases++}`, chunkBytes), 3 * chunkBytes);
