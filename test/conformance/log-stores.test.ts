import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbContainerLogStore } from "../../worker/logs/indexeddb-log-store.ts";
import { MemoryContainerLogStore, type MemoryLog } from "../../worker/logs/memory-log-store.ts";
import { NodeFsContainerLogStore } from "../../worker/logs/node-fs-log-store.ts";
import { bindSuite } from "./conformance.ts";
import { logStoreCases, logSuiteLimits } from "./log-store-suite.ts";
import { registerSuite } from "./register-vitest.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-logs-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const cases = logStoreCases();

// Memory stores on the same location share their logs, as a reload would find them.
const memoryLocations = new Map<string, Map<string, MemoryLog>>();
function openMemoryStore(location: string): MemoryContainerLogStore {
  const logs = memoryLocations.get(location) ?? new Map<string, MemoryLog>();
  memoryLocations.set(location, logs);
  return new MemoryContainerLogStore(logSuiteLimits, logs);
}

registerSuite(bindSuite("ContainerLogStore conformance: memory", cases, openMemoryStore, "memory"));
registerSuite(
  bindSuite(
    "ContainerLogStore conformance: filesystem",
    cases,
    (location) => new NodeFsContainerLogStore(join(temporaryRoot, location), logSuiteLimits),
    "fs",
  ),
);
registerSuite(
  bindSuite(
    "ContainerLogStore conformance: IndexedDB (fake-indexeddb)",
    cases,
    (location) => new IndexedDbContainerLogStore(location, logSuiteLimits),
    "logs",
  ),
);
