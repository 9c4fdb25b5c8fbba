import "fake-indexeddb/auto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { IndexedDbWorkspaceStore } from "../../worker/workspace/indexeddb-workspace-store.ts";
import { NodeFsWorkspaceStore } from "../../worker/workspace/node-fs-workspace-store.ts";
import { bindSuite } from "./conformance.ts";
import { registerSuite } from "./register-vitest.ts";
import { workspaceStoreCases } from "./workspace-store-suite.ts";

const temporaryRoot = mkdtempSync(join(tmpdir(), "berth-workspace-"));
afterAll(() => rmSync(temporaryRoot, { recursive: true, force: true }));

registerSuite(bindSuite("WorkspaceStore conformance: filesystem", workspaceStoreCases(), (location) => new NodeFsWorkspaceStore(join(temporaryRoot, location)), "fs-workspace"));
registerSuite(bindSuite("WorkspaceStore conformance: IndexedDB (fake-indexeddb)", workspaceStoreCases(), (location) => new IndexedDbWorkspaceStore(location), "workspace"));
