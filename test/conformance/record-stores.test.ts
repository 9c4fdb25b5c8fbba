import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbRecordStore } from "../../worker/metadata/indexeddb-record-store.ts";
import { MemoryRecordStore } from "../../worker/metadata/memory-record-store.ts";
import { NodeFsRecordStore } from "../../worker/metadata/node-fs-record-store.ts";
import type { RecordStore } from "../../worker/metadata/record-store.ts";
import { bindSuite, type ConformanceCase } from "./conformance.ts";
import { containerRecordSample, imageRecordSample, networkRecordSample } from "./record-samples.ts";
import { recordStoreCases } from "./record-store-suite.ts";
import { registerSuite } from "./register-vitest.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-records-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

// Memory stores on the same location share their records, as a reload would find them.
const memoryLocations = new Map<string, Map<string, { id: string }>>();
function openMemoryStore<T extends { id: string }>(location: string): MemoryRecordStore<T> {
  const records = memoryLocations.get(location) ?? new Map();
  memoryLocations.set(location, records);
  return new MemoryRecordStore(records as Map<string, T>);
}

function registerBackends<T extends { id: string }>(kind: string, cases: ConformanceCase<RecordStore<T>>[]): void {
  const title = `RecordStore conformance, ${kind} records`;
  registerSuite(bindSuite(`${title}: memory`, cases, openMemoryStore<T>, `memory-${kind}`));
  registerSuite(bindSuite(`${title}: filesystem`, cases, (location) => new NodeFsRecordStore<T>(join(temporaryRoot, location)), `fs-${kind}`));
  registerSuite(bindSuite(`${title}: IndexedDB (fake-indexeddb)`, cases, (location) => new IndexedDbRecordStore<T>(location, `${kind}s`), kind));
}

registerBackends("image", recordStoreCases(imageRecordSample));
registerBackends("container", recordStoreCases(containerRecordSample));
registerBackends("network", recordStoreCases(networkRecordSample));
