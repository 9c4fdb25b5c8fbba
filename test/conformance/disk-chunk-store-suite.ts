// The conformance suite every DiskChunkStore backend passes.

import type { DiskChunkStore } from "../../worker/disks/disk-chunk-store.ts";
import { assert, assertDeepEqual, assertEqual, assertRejectsWithCode } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

/** `chunkBytes` of pseudo-random bytes (incompressible, never all zeros), different for each seed. */
function chunkOf(chunkBytes: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(chunkBytes);
  let state = (seed * 2654435761 + 1) >>> 0;
  for (let index = 0; index < chunkBytes; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/** What a chunk reads as: undefined stands for zeros. */
async function contentOf(store: DiskChunkStore, disk: string, index: number): Promise<Uint8Array> {
  return (await store.read(disk, index)) ?? new Uint8Array(store.chunkBytes);
}

export function diskChunkStoreCases(): ConformanceCase<DiskChunkStore>[] {
  return [
    {
      name: "a disk never written reads as nothing, takes no space and is not listed",
      async run(open) {
        const store = await open();
        assertEqual(await store.read("empty", 0), undefined, "chunk 0");
        assertEqual(await store.read("empty", 12345), undefined, "chunk 12345");
        assertEqual(await store.usage("empty"), 0, "usage");
        assertDeepEqual(await store.disks(), [], "disks");
      },
    },
    {
      name: "reads back exactly the committed chunks, and zeros between them",
      async run(open) {
        const store = await open();
        const { chunkBytes } = store;
        await store.commit("disk-a", new Map([[0, chunkOf(chunkBytes, 1)], [3, chunkOf(chunkBytes, 2)]]));
        assertDeepEqual(await store.read("disk-a", 0), chunkOf(chunkBytes, 1), "chunk 0");
        assertDeepEqual(await store.read("disk-a", 3), chunkOf(chunkBytes, 2), "chunk 3");
        assertDeepEqual(await contentOf(store, "disk-a", 1), new Uint8Array(chunkBytes), "chunk 1");
        assertDeepEqual(await store.disks(), ["disk-a"], "disks");
      },
    },
    {
      name: "keeps committed chunks across a reload",
      async run(open) {
        const first = await open();
        await first.commit("kept", new Map([[7, chunkOf(first.chunkBytes, 7)]]));
        const reopened = await open();
        assertDeepEqual(await reopened.read("kept", 7), chunkOf(reopened.chunkBytes, 7), "chunk 7");
        assertDeepEqual(await reopened.disks(), ["kept"], "disks");
      },
    },
    {
      name: "a later commit replaces the chunks it names and keeps the others",
      async run(open) {
        const store = await open();
        const { chunkBytes } = store;
        await store.commit("d", new Map([[0, chunkOf(chunkBytes, 1)], [1, chunkOf(chunkBytes, 2)]]));
        await store.commit("d", new Map([[1, chunkOf(chunkBytes, 3)], [2, chunkOf(chunkBytes, 4)]]));
        const reopened = await open();
        assertDeepEqual(await reopened.read("d", 0), chunkOf(chunkBytes, 1), "chunk 0");
        assertDeepEqual(await reopened.read("d", 1), chunkOf(chunkBytes, 3), "chunk 1");
        assertDeepEqual(await reopened.read("d", 2), chunkOf(chunkBytes, 4), "chunk 2");
      },
    },
    {
      name: "is not affected by later changes to a committed or a read buffer",
      async run(open) {
        const store = await open();
        const chunk = chunkOf(store.chunkBytes, 5);
        await store.commit("d", new Map([[0, chunk]]));
        chunk.fill(0);
        (await store.read("d", 0))!.fill(0);
        assertDeepEqual(await store.read("d", 0), chunkOf(store.chunkBytes, 5), "chunk 0");
      },
    },
    {
      name: "keeps disks apart",
      async run(open) {
        const store = await open();
        const { chunkBytes } = store;
        await store.commit("one", new Map([[2, chunkOf(chunkBytes, 1)]]));
        await store.commit("one.two", new Map([[2, chunkOf(chunkBytes, 2)]]));
        await store.commit("on", new Map([[3, chunkOf(chunkBytes, 3)]]));
        assertDeepEqual(await store.read("one", 2), chunkOf(chunkBytes, 1), "one");
        assertDeepEqual(await store.read("one.two", 2), chunkOf(chunkBytes, 2), "one.two");
        assertEqual(await store.read("on", 2), undefined, "on, chunk 2");
        assertEqual(await store.usage("on"), await store.usage("one"), "usage of two one-chunk disks");
        assertDeepEqual((await store.disks()).sort(), ["on", "one", "one.two"], "disks");
      },
    },
    {
      name: "remove deletes the disk and frees its space, and is fine for a missing disk",
      async run(open) {
        const store = await open();
        const { chunkBytes } = store;
        await store.commit("gone", new Map([[0, chunkOf(chunkBytes, 1)], [9, chunkOf(chunkBytes, 2)]]));
        await store.commit("stays", new Map([[0, chunkOf(chunkBytes, 3)]]));
        await store.remove("gone");
        await store.remove("never-was");
        const reopened = await open();
        assertEqual(await reopened.read("gone", 0), undefined, "gone, chunk 0");
        assertEqual(await reopened.read("gone", 9), undefined, "gone, chunk 9");
        assertEqual(await reopened.usage("gone"), 0, "usage");
        assertDeepEqual(await reopened.disks(), ["stays"], "disks");
        assertDeepEqual(await reopened.read("stays", 0), chunkOf(chunkBytes, 3), "stays, chunk 0");
      },
    },
    {
      name: "usage grows with the chunks written, not with the gaps between them",
      async run(open) {
        const store = await open();
        const { chunkBytes } = store;
        await store.commit("sparse", new Map([[0, chunkOf(chunkBytes, 1)]]));
        const one = await store.usage("sparse");
        assert(one >= chunkBytes, `usage of one chunk: ${one} bytes, expected at least ${chunkBytes}`);
        await store.commit("sparse", new Map([[1000, chunkOf(chunkBytes, 2)], [5000, chunkOf(chunkBytes, 3)]]));
        const three = await store.usage("sparse");
        assert(three >= 3 * chunkBytes, `usage of three chunks: ${three} bytes, expected at least ${3 * chunkBytes}`);
        assert(three < 100 * chunkBytes, `usage of three chunks spread over 5001: ${three} bytes, the gaps take space`);
      },
    },
    {
      name: "a rejected commit keeps nothing of its batch",
      async run(open) {
        const store = await open();
        const { chunkBytes } = store;
        await store.commit("atomic", new Map([[0, chunkOf(chunkBytes, 1)]]));
        const wrongLength = new Map([[0, chunkOf(chunkBytes, 2)], [1, chunkOf(chunkBytes, 3)], [2, new Uint8Array(chunkBytes - 512)]]);
        await assertRejectsWithCode(store.commit("atomic", wrongLength), "invalid");
        const badIndex = new Map([[0, chunkOf(chunkBytes, 4)], [-1, chunkOf(chunkBytes, 5)]]);
        await assertRejectsWithCode(store.commit("atomic", badIndex), "invalid");
        await assertRejectsWithCode(store.commit("fresh", wrongLength), "invalid");
        const reopened = await open();
        assertDeepEqual(await reopened.read("atomic", 0), chunkOf(chunkBytes, 1), "chunk 0");
        assertEqual(await reopened.read("atomic", 1), undefined, "chunk 1");
        assertDeepEqual(await reopened.disks(), ["atomic"], "disks");
      },
    },
    {
      name: "rejects invalid disk ids",
      async run(open) {
        const store = await open();
        const chunk = new Map([[0, chunkOf(store.chunkBytes, 1)]]);
        for (const disk of ["", "../escape", "a/b", ".hidden", "-flag", "x".repeat(129), "sp ace"]) {
          await assertRejectsWithCode(store.commit(disk, chunk), "invalid");
          await assertRejectsWithCode(store.read(disk, 0), "invalid");
          await assertRejectsWithCode(store.usage(disk), "invalid");
          await assertRejectsWithCode(store.remove(disk), "invalid");
        }
        assertDeepEqual(await store.disks(), [], "disks");
      },
    },
  ];
}
