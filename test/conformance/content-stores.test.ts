import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbContentStore } from "../../worker/content/indexeddb-content-store.ts";
import { NodeFsContentStore } from "../../worker/content/node-fs-content-store.ts";
import { contentStoreSuite } from "./content-store-suite.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-content-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

// Small chunks so that modest blobs exercise the multi-chunk paths.
const chunkBytes = 16 * 1024;

contentStoreSuite("filesystem", (location) => new NodeFsContentStore(join(temporaryRoot, location)), 3 * chunkBytes);
contentStoreSuite("IndexedDB (fake-indexeddb)", (location) => new IndexedDbContentStore(location, chunkBytes), 3 * chunkBytes);
