import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbContentStore } from "../../worker/content/indexeddb-content-store.ts";
import { NodeFsContentStore } from "../../worker/content/node-fs-content-store.ts";
import { bindSuite } from "./conformance.ts";
import { contentStoreCases } from "./content-store-suite.ts";
import { registerSuite } from "./register-vitest.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-content-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

// Small chunks so that modest blobs exercise the multi-chunk paths.
const chunkBytes = 16 * 1024;
const cases = contentStoreCases({ largeBytes: 3 * chunkBytes, bulkBytes: 1024 * 1024 });

registerSuite(bindSuite("ContentStore conformance: filesystem", cases, (location) => new NodeFsContentStore(join(temporaryRoot, location)), "fs"));
registerSuite(
  bindSuite("ContentStore conformance: IndexedDB (fake-indexeddb)", cases, (location) => new IndexedDbContentStore(location, chunkBytes), "content"),
);
