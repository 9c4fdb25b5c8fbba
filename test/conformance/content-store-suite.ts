// The conformance suite every ContentStore backend passes.

import { sha256Digest } from "../../worker/digest.ts";
import type { ContentInfo, ContentStore } from "../../worker/content/content-store.ts";
import { assertDeepEqual, assertEqual, assertRejectsWithCode } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

export interface ContentSuiteSizes {
  /** Should span several of the backend's chunks (keep it ≤ ~100 KB for fake-indexeddb). */
  largeBytes: number;
  /** A blob written in big pieces, as a layer download would be: a few MB where storage is real. */
  bulkBytes: number;
}

function blobOf(byteLength: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(byteLength);
  for (let index = 0; index < byteLength; index++) bytes[index] = (index * 7 + seed) & 0xff;
  return bytes;
}

async function ingest(store: ContentStore, ref: string, data: Uint8Array, pieceBytes = 1000): Promise<ContentInfo> {
  const writer = await store.writer(ref);
  for (let start = 0; start < data.length; start += pieceBytes) await writer.write(data.subarray(start, start + pieceBytes));
  return writer.commit(data.length, await sha256Digest(data));
}

async function walked(store: ContentStore): Promise<string[]> {
  const digests: string[] = [];
  for await (const info of store.walk()) digests.push(info.digest);
  return digests.sort();
}

const missingDigest = `sha256:${"0".repeat(64)}`;

export function contentStoreCases({ largeBytes, bulkBytes }: ContentSuiteSizes): ConformanceCase<ContentStore>[] {
  return [
    {
      name: "reads back exactly what was committed, with its size and digest",
      async run(open) {
        const store = await open();
        const data = blobOf(largeBytes + 17, 1);
        const info = await ingest(store, "layer-1", data);
        assertEqual(info.digest, await sha256Digest(data), "digest");
        assertEqual(info.size, data.length, "size");
        assertDeepEqual(await store.info(info.digest), info, "info");
        assertDeepEqual(await store.read(info.digest), data, "read");
        assertEqual(await store.status("layer-1"), undefined, "status after commit");
      },
    },
    {
      name: "commits an empty blob",
      async run(open) {
        const store = await open();
        const info = await ingest(store, "empty", new Uint8Array(0));
        assertEqual(info.size, 0, "size");
        assertDeepEqual(await store.read(info.digest), new Uint8Array(0), "read");
      },
    },
    {
      name: "keeps a bulk blob written in large pieces intact, also after a reload",
      async run(open) {
        const data = blobOf(bulkBytes + 5, 15);
        const info = await ingest(await open(), "bulk", data, 256 * 1024);
        assertEqual(info.size, data.length, "size");
        assertDeepEqual(await (await open()).read(info.digest), data, "read after reload");
      },
    },
    {
      name: "refuses a commit with the wrong digest and shows nothing",
      async run(open) {
        const store = await open();
        const data = blobOf(5000, 2);
        const writer = await store.writer("wrong-digest");
        await writer.write(data);
        const error = await assertRejectsWithCode(writer.commit(data.length, missingDigest), "invalid");
        assertEqual(
          error.message,
          `failed commit on ref "wrong-digest": unexpected commit digest ${await sha256Digest(data)}, expected ${missingDigest}: failed precondition`,
          "message",
        );
        assertEqual(await store.info(await sha256Digest(data)), undefined, "info");
        assertDeepEqual(await walked(store), [], "walk");
      },
    },
    {
      name: "refuses a commit with the wrong size and shows nothing",
      async run(open) {
        const store = await open();
        const data = blobOf(5000, 3);
        const writer = await store.writer("wrong-size");
        await writer.write(data);
        const error = await assertRejectsWithCode(writer.commit(data.length + 1, await sha256Digest(data)), "invalid");
        assertEqual(error.message, `failed commit on ref "wrong-size": unexpected commit size 5000, expected 5001: failed precondition`, "message");
        assertDeepEqual(await walked(store), [], "walk");
      },
    },
    {
      name: "resumes an interrupted ingest from the stored offset after a reload",
      async run(open) {
        const data = blobOf(largeBytes + 333, 4);
        const cut = Math.floor(largeBytes / 2) + 5;
        const interrupted = await (await open()).writer("resumable");
        await interrupted.write(data.subarray(0, 700));
        await interrupted.write(data.subarray(700, cut));
        // The page reloads: the first writer is gone without commit or abort.
        const reloaded = await open();
        assertEqual((await reloaded.status("resumable"))?.offset, cut, "stored offset");
        assertDeepEqual(await walked(reloaded), [], "walk");
        const resumed = await reloaded.writer("resumable");
        assertEqual(resumed.offset, cut, "writer offset");
        await resumed.write(data.subarray(cut));
        const info = await resumed.commit(data.length, await sha256Digest(data));
        assertDeepEqual(await reloaded.read(info.digest), data, "read");
      },
    },
    {
      name: "keeps one open writer per ref",
      async run(open) {
        const store = await open();
        const first = await store.writer("locked");
        await assertRejectsWithCode(store.writer("locked"), "unavailable");
        await first.abort();
        await (await store.writer("locked")).abort();
      },
    },
    {
      name: "keeps the ref locked until a commit has finished, so a waiting writer finds the blob, not a half-gone ingest",
      async run(open) {
        const store = await open();
        const data = blobOf(largeBytes, 5);
        const digest = await sha256Digest(data);
        const writer = await store.writer(digest);
        await writer.write(data);
        const committing = writer.commit(data.length, digest);
        await assertRejectsWithCode(store.writer(digest), "unavailable");
        await committing;
        assertEqual((await store.info(digest))?.size, data.length, "committed size");
        await (await store.writer(digest)).abort();
      },
    },
    {
      name: "discards an aborted ingest",
      async run(open) {
        const store = await open();
        const writer = await store.writer("aborted");
        await writer.write(blobOf(largeBytes, 5));
        await writer.abort();
        assertEqual(await store.status("aborted"), undefined, "status");
        assertDeepEqual(await walked(store), [], "walk");
        assertEqual((await store.writer("aborted")).offset, 0, "new writer offset");
        await assertRejectsWithCode(writer.write(new Uint8Array(1)), "invalid");
      },
    },
    {
      name: "deletes a committed blob",
      async run(open) {
        const store = await open();
        const kept = await ingest(store, "kept", blobOf(3000, 6));
        const deleted = await ingest(store, "deleted", blobOf(largeBytes, 7));
        await store.delete(deleted.digest);
        assertEqual(await store.info(deleted.digest), undefined, "info");
        await assertRejectsWithCode(store.read(deleted.digest), "not-found");
        await assertRejectsWithCode(store.delete(deleted.digest), "not-found");
        assertDeepEqual(await walked(store), [kept.digest], "walk");
      },
    },
    {
      name: "walks only committed blobs",
      async run(open) {
        const store = await open();
        const first = await ingest(store, "first", blobOf(2000, 8));
        const second = await ingest(store, "second", blobOf(largeBytes, 9));
        const pending = await store.writer("pending");
        await pending.write(blobOf(4000, 10));
        assertDeepEqual(await walked(store), [first.digest, second.digest].sort(), "walk");
        const listed: ContentInfo[] = [];
        for await (const info of store.walk()) listed.push(info);
        assertEqual(listed.find((info) => info.digest === second.digest)?.size, largeBytes, "walked size");
      },
    },
    {
      name: "runs ingests of different refs concurrently",
      async run(open) {
        const store = await open();
        const blobs = [blobOf(largeBytes, 11), blobOf(largeBytes - 1, 12), blobOf(999, 13)];
        const infos = await Promise.all(blobs.map((data, index) => ingest(store, `parallel-${index}`, data, 777)));
        for (const [index, info] of infos.entries()) assertDeepEqual(await store.read(info.digest), blobs[index], `blob ${index}`);
        assertDeepEqual(await walked(store), infos.map((info) => info.digest).sort(), "walk");
      },
    },
    {
      name: "accepts the same content committed twice",
      async run(open) {
        const store = await open();
        const data = blobOf(largeBytes, 14);
        const first = await ingest(store, "copy-1", data);
        const second = await ingest(store, "copy-2", data);
        assertEqual(second.digest, first.digest, "digest");
        assertDeepEqual(await store.read(first.digest), data, "read");
        assertDeepEqual(await walked(store), [first.digest], "walk");
        assertEqual(await store.status("copy-2"), undefined, "status");
      },
    },
    {
      name: "reports a missing digest as not found",
      async run(open) {
        const store = await open();
        const error = await assertRejectsWithCode(store.read(missingDigest), "not-found");
        assertEqual(error.message, `content digest ${missingDigest}: not found`, "message");
        assertEqual(await store.info(missingDigest), undefined, "info");
      },
    },
    {
      name: "rejects a malformed digest",
      async run(open) {
        await assertRejectsWithCode((await open()).read("sha256:abc"), "invalid");
      },
    },
  ];
}
