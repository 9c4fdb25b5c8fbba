// The conformance suite every SnapshotStore backend passes.

import { describe, expect, it } from "vitest";
import type { SnapshotStore } from "../../worker/snapshots/snapshot-store.ts";

function stateOf(byteLength: number, seed: number): ArrayBuffer {
  const bytes = new Uint8Array(byteLength);
  for (let index = 0; index < byteLength; index += 4093) bytes[index] = (index + seed) % 251;
  bytes[byteLength - 1] = seed;
  return bytes.buffer;
}

/** `largeBytes` should span several of the backend's chunks. */
export function snapshotStoreSuite(name: string, createStore: () => Promise<SnapshotStore>, largeBytes: number): void {
  describe(`SnapshotStore conformance: ${name}`, () => {
    it("starts empty", async () => {
      expect(await (await createStore()).load()).toBeUndefined();
    });

    it("returns exactly what was saved, with its key", async () => {
      const store = await createStore();
      const state = stateOf(largeBytes + 17, 7);
      await store.save({ key: "guest-a", state });
      const loaded = await store.load();
      expect(loaded?.key).toBe("guest-a");
      expect(new Uint8Array(loaded!.state)).toEqual(new Uint8Array(state));
    });

    it("keeps one snapshot: a new save replaces the old one, also when it is smaller", async () => {
      const store = await createStore();
      await store.save({ key: "old", state: stateOf(largeBytes, 1) });
      await store.save({ key: "new", state: stateOf(1024, 2) });
      const loaded = await store.load();
      expect(loaded?.key).toBe("new");
      expect(loaded?.state.byteLength).toBe(1024);
      expect(new Uint8Array(loaded!.state)[1023]).toBe(2);
    });

    it("is not affected by later changes to the saved buffer", async () => {
      const store = await createStore();
      const state = stateOf(4096, 3);
      await store.save({ key: "k", state });
      new Uint8Array(state).fill(0);
      expect(new Uint8Array((await store.load())!.state)[4095]).toBe(3);
    });

    it("forgets everything on discard", async () => {
      const store = await createStore();
      await store.save({ key: "k", state: stateOf(4096, 4) });
      await store.discard();
      expect(await store.load()).toBeUndefined();
    });
  });
}
