// The engine's host inside a browser Web Worker: files come from the site by fetch, v86 from the
// bundle, snapshots go to IndexedDB.

import { V86 } from "v86";
import v86WasmUrl from "v86/build/v86.wasm?url";
import v86Package from "v86/package.json";
import { Engine } from "./engine.ts";
import { fetchReader } from "./images/fetch-reader.ts";
import { IndexedDbSnapshotStore } from "./snapshots/indexeddb-snapshot-store.ts";
import type { V86Constructor } from "./vm/v86-surface.ts";

export function createBrowserEngine(): Engine {
  const siteRoot = new URL("/", self.location.href);
  return new Engine({
    readSiteFile: fetchReader(siteRoot),
    snapshots: new IndexedDbSnapshotStore(),
    async loadV86Runtime() {
      return {
        V86: V86 as unknown as V86Constructor,
        wasm: await WebAssembly.compileStreaming(fetch(v86WasmUrl)),
        version: v86Package.version,
      };
    },
  });
}
