import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbRecordStore } from "../../worker/metadata/indexeddb-record-store.ts";
import { MemoryRecordStore } from "../../worker/metadata/memory-record-store.ts";
import { NodeFsRecordStore } from "../../worker/metadata/node-fs-record-store.ts";
import { CredentialStore, type CredentialRecord } from "../../worker/remotes/credential-store.ts";
import { bindSuite } from "./conformance.ts";
import { credentialStoreCases } from "./credential-store-suite.ts";
import { registerSuite } from "./register-vitest.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-credentials-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const memory = new Map<string, Map<string, CredentialRecord>>();
const cases = credentialStoreCases();
const title = "CredentialStore conformance";
registerSuite(
  bindSuite(`${title}: memory`, cases, (location) => {
    if (!memory.has(location)) memory.set(location, new Map());
    return new CredentialStore(new MemoryRecordStore(memory.get(location)));
  }, "memory"),
);
registerSuite(bindSuite(`${title}: filesystem`, cases, (location) => new CredentialStore(new NodeFsRecordStore(join(temporaryRoot, location))), "fs"));
registerSuite(bindSuite(`${title}: IndexedDB (fake-indexeddb)`, cases, (location) => new CredentialStore(new IndexedDbRecordStore(location, "credentials")), "idb"));
