// Disks in IndexedDB, for the browser worker. One object store holds, per disk, a marker record
// ["disk", id] (so disks() need not scan chunks) and its chunks under ["chunk", id, index]. A commit
// is one readwrite transaction: IndexedDB applies it whole or not at all.

import { createStore, promisifyRequest, type UseStore } from "idb-keyval";
import { isStorageFull } from "../content/indexeddb-records.ts";
import { assertChunkIndex, assertCommittable, assertDiskId, defaultChunkBytes, DiskFullError, type DiskChunkStore } from "./disk-chunk-store.ts";

const markerKey = (disk: string): IDBValidKey => ["disk", disk];
const chunkKey = (disk: string, index: number): IDBValidKey => ["chunk", disk, index];
/** Arrays compare item by item and any array sorts after any number, so [..., []] bounds a prefix. */
const chunkRange = (disk: string) => IDBKeyRange.bound(["chunk", disk], ["chunk", disk, []]);
const markerRange = () => IDBKeyRange.bound(["disk"], ["disk", []]);

export class IndexedDbDiskChunkStore implements DiskChunkStore {
  readonly #store: UseStore;
  readonly location: string;

  constructor(
    databaseName = "berth-disks",
    readonly chunkBytes = defaultChunkBytes,
  ) {
    this.#store = createStore(databaseName, "disks");
    this.location = `IndexedDB ${databaseName}`;
  }

  async read(disk: string, index: number): Promise<Uint8Array | undefined> {
    assertChunkIndex(disk, index);
    const stored = await this.#store("readonly", (objects) => promisifyRequest<ArrayBuffer | undefined>(objects.get(chunkKey(disk, index))));
    return stored && new Uint8Array(stored);
  }

  async commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    assertCommittable(disk, chunks, this.chunkBytes);
    try {
      await this.#store("readwrite", (objects) => {
        const done = promisifyRequest(objects.transaction);
        try {
          objects.put(true, markerKey(disk));
          for (const [index, bytes] of chunks) objects.put(bytes.slice().buffer, chunkKey(disk, index));
        } catch (error) {
          // A put that throws leaves the transaction open with the earlier puts in it: undo them.
          done.catch(() => undefined);
          objects.transaction.abort();
          throw error;
        }
        return done;
      });
    } catch (error) {
      throw isStorageFull(error) ? new DiskFullError(disk, error) : error;
    }
  }

  async remove(disk: string): Promise<void> {
    assertDiskId(disk);
    await this.#store("readwrite", (objects) => {
      objects.delete(chunkRange(disk));
      objects.delete(markerKey(disk));
      return promisifyRequest(objects.transaction);
    });
  }

  async usage(disk: string): Promise<number> {
    assertDiskId(disk);
    const count = await this.#store("readonly", (objects) => promisifyRequest(objects.count(chunkRange(disk))));
    return count * this.chunkBytes;
  }

  async disks(): Promise<string[]> {
    const keys = await this.#store("readonly", (objects) => promisifyRequest(objects.getAllKeys(markerRange())));
    return keys.map((key) => (key as [string, string])[1]);
  }
}
