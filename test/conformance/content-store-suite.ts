// The conformance suite every ContentStore backend passes.

import { describe, expect, it } from "vitest";
import { isEngineError } from "../../src/api/errors.ts";
import { sha256Digest } from "../../worker/digest.ts";
import type { ContentInfo, ContentStore } from "../../worker/content/content-store.ts";

/**
 * Opens the store kept at `location`. The suite gives each test a new location; opening the same
 * location again stands for a page reload: same storage, fresh instance.
 */
export type OpenContentStore = (location: string) => ContentStore;

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

async function engineErrorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isEngineError(error)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

const missingDigest = `sha256:${"0".repeat(64)}`;

/** `largeBytes` should span several of the backend's chunks (keep it ≤ ~100 KB for fake-indexeddb). */
export function contentStoreSuite(name: string, openStore: OpenContentStore, largeBytes: number): void {
  let locations = 0;
  const freshLocation = (): string => `content-suite-${name.replace(/\W+/g, "-")}-${locations++}`;

  describe(`ContentStore conformance: ${name}`, () => {
    it("reads back exactly what was committed, with its size and digest", async () => {
      const store = openStore(freshLocation());
      const data = blobOf(largeBytes + 17, 1);
      const info = await ingest(store, "layer-1", data);
      expect(info.digest).toBe(await sha256Digest(data));
      expect(info.size).toBe(data.length);
      expect(await store.info(info.digest)).toEqual(info);
      expect(await store.read(info.digest)).toEqual(data);
      expect(await store.status("layer-1")).toBeUndefined();
    });

    it("commits an empty blob", async () => {
      const store = openStore(freshLocation());
      const info = await ingest(store, "empty", new Uint8Array(0));
      expect(info.size).toBe(0);
      expect(await store.read(info.digest)).toEqual(new Uint8Array(0));
    });

    it("refuses a commit with the wrong digest and shows nothing", async () => {
      const store = openStore(freshLocation());
      const data = blobOf(5000, 2);
      const writer = await store.writer("wrong-digest");
      await writer.write(data);
      const error = await engineErrorOf(writer.commit(data.length, missingDigest));
      expect(error.code).toBe("invalid");
      expect(error.message).toBe(
        `failed commit on ref "wrong-digest": unexpected commit digest ${await sha256Digest(data)}, expected ${missingDigest}: failed precondition`,
      );
      expect(await store.info(await sha256Digest(data))).toBeUndefined();
      expect(await walked(store)).toEqual([]);
    });

    it("refuses a commit with the wrong size and shows nothing", async () => {
      const store = openStore(freshLocation());
      const data = blobOf(5000, 3);
      const writer = await store.writer("wrong-size");
      await writer.write(data);
      const error = await engineErrorOf(writer.commit(data.length + 1, await sha256Digest(data)));
      expect(error.message).toBe(`failed commit on ref "wrong-size": unexpected commit size 5000, expected 5001: failed precondition`);
      expect(await walked(store)).toEqual([]);
    });

    it("resumes an interrupted ingest from the stored offset after a reload", async () => {
      const location = freshLocation();
      const data = blobOf(largeBytes + 333, 4);
      const cut = Math.floor(largeBytes / 2) + 5;
      const interrupted = await openStore(location).writer("resumable");
      await interrupted.write(data.subarray(0, 700));
      await interrupted.write(data.subarray(700, cut));
      // The page reloads: the first writer is gone without commit or abort.
      const reloaded = openStore(location);
      expect((await reloaded.status("resumable"))?.offset).toBe(cut);
      expect(await walked(reloaded)).toEqual([]);
      const resumed = await reloaded.writer("resumable");
      expect(resumed.offset).toBe(cut);
      await resumed.write(data.subarray(cut));
      const info = await resumed.commit(data.length, await sha256Digest(data));
      expect(await reloaded.read(info.digest)).toEqual(data);
    });

    it("keeps one open writer per ref", async () => {
      const store = openStore(freshLocation());
      const first = await store.writer("locked");
      expect((await engineErrorOf(store.writer("locked"))).code).toBe("unavailable");
      await first.abort();
      await (await store.writer("locked")).abort();
    });

    it("discards an aborted ingest", async () => {
      const store = openStore(freshLocation());
      const writer = await store.writer("aborted");
      await writer.write(blobOf(largeBytes, 5));
      await writer.abort();
      expect(await store.status("aborted")).toBeUndefined();
      expect(await walked(store)).toEqual([]);
      expect((await store.writer("aborted")).offset).toBe(0);
      expect((await engineErrorOf(writer.write(new Uint8Array(1)))).code).toBe("invalid");
    });

    it("deletes a committed blob", async () => {
      const store = openStore(freshLocation());
      const kept = await ingest(store, "kept", blobOf(3000, 6));
      const deleted = await ingest(store, "deleted", blobOf(largeBytes, 7));
      await store.delete(deleted.digest);
      expect(await store.info(deleted.digest)).toBeUndefined();
      expect((await engineErrorOf(store.read(deleted.digest))).code).toBe("not-found");
      expect((await engineErrorOf(store.delete(deleted.digest))).code).toBe("not-found");
      expect(await walked(store)).toEqual([kept.digest]);
    });

    it("walks only committed blobs", async () => {
      const store = openStore(freshLocation());
      const first = await ingest(store, "first", blobOf(2000, 8));
      const second = await ingest(store, "second", blobOf(largeBytes, 9));
      const pending = await store.writer("pending");
      await pending.write(blobOf(4000, 10));
      expect(await walked(store)).toEqual([first.digest, second.digest].sort());
      const listed: ContentInfo[] = [];
      for await (const info of store.walk()) listed.push(info);
      expect(listed.find((info) => info.digest === second.digest)?.size).toBe(largeBytes);
    });

    it("runs ingests of different refs concurrently", async () => {
      const store = openStore(freshLocation());
      const blobs = [blobOf(largeBytes, 11), blobOf(largeBytes - 1, 12), blobOf(999, 13)];
      const infos = await Promise.all(blobs.map((data, index) => ingest(store, `parallel-${index}`, data, 777)));
      for (const [index, info] of infos.entries()) expect(await store.read(info.digest)).toEqual(blobs[index]);
      expect(await walked(store)).toEqual(infos.map((info) => info.digest).sort());
    });

    it("accepts the same content committed twice", async () => {
      const store = openStore(freshLocation());
      const data = blobOf(largeBytes, 14);
      const first = await ingest(store, "copy-1", data);
      const second = await ingest(store, "copy-2", data);
      expect(second.digest).toBe(first.digest);
      expect(await store.read(first.digest)).toEqual(data);
      expect(await walked(store)).toEqual([first.digest]);
      expect(await store.status("copy-2")).toBeUndefined();
    });

    it("reports a missing digest as not found", async () => {
      const store = openStore(freshLocation());
      const error = await engineErrorOf(store.read(missingDigest));
      expect(error).toEqual({ code: "not-found", message: `content digest ${missingDigest}: not found` });
      expect(await store.info(missingDigest)).toBeUndefined();
    });

    it("rejects a malformed digest", async () => {
      const store = openStore(freshLocation());
      expect((await engineErrorOf(store.read("sha256:abc"))).code).toBe("invalid");
    });
  });
}
