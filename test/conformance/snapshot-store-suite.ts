// The conformance suite every SnapshotStore backend passes.

import type { SnapshotStore } from "../../worker/snapshots/snapshot-store.ts";
import { assertDeepEqual, assertEqual } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

function stateOf(byteLength: number, seed: number): ArrayBuffer {
  const bytes = new Uint8Array(byteLength);
  for (let index = 0; index < byteLength; index += 4093) bytes[index] = (index + seed) % 251;
  bytes[byteLength - 1] = seed;
  return bytes.buffer;
}

/** `largeBytes` should span several of the backend's chunks. */
export function snapshotStoreCases(largeBytes: number): ConformanceCase<SnapshotStore>[] {
  return [
    {
      name: "starts empty",
      async run(open) {
        assertEqual(await (await open()).load(), undefined, "loaded");
      },
    },
    {
      name: "returns exactly what was saved, with its key",
      async run(open) {
        const store = await open();
        const state = stateOf(largeBytes + 17, 7);
        await store.save({ key: "guest-a", state });
        const loaded = await store.load();
        assertEqual(loaded?.key, "guest-a", "key");
        assertDeepEqual(loaded?.state, state, "state");
      },
    },
    {
      name: "keeps the snapshot across a reload",
      async run(open) {
        const state = stateOf(largeBytes, 5);
        await (await open()).save({ key: "guest-b", state });
        assertDeepEqual(await (await open()).load(), { key: "guest-b", state }, "loaded after reload");
      },
    },
    {
      name: "keeps one snapshot: a new save replaces the old one, also when it is smaller",
      async run(open) {
        const store = await open();
        await store.save({ key: "old", state: stateOf(largeBytes, 1) });
        const state = stateOf(1024, 2);
        await store.save({ key: "new", state });
        assertDeepEqual(await store.load(), { key: "new", state }, "loaded");
      },
    },
    {
      name: "is not affected by later changes to the saved buffer",
      async run(open) {
        const store = await open();
        const state = stateOf(4096, 3);
        await store.save({ key: "k", state });
        new Uint8Array(state).fill(0);
        assertEqual(new Uint8Array((await store.load())!.state)[4095], 3, "last byte");
      },
    },
    {
      name: "forgets everything on discard",
      async run(open) {
        const store = await open();
        await store.save({ key: "k", state: stateOf(4096, 4) });
        await store.discard();
        assertEqual(await store.load(), undefined, "loaded");
      },
    },
  ];
}
