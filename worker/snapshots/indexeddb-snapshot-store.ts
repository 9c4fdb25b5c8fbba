import { clear, createStore, get, setMany, type UseStore } from "idb-keyval";
import type { SavedSnapshot, SnapshotStore } from "./snapshot-store.ts";

const defaultChunkBytes = 8 * 1024 * 1024;

interface SnapshotHeader {
  key: string;
  byteLength: number;
  chunks: number;
}

/** Stores the snapshot as fixed-size chunks so no single IndexedDB value is huge. */
export class IndexedDbSnapshotStore implements SnapshotStore {
  readonly #store: UseStore;

  constructor(
    databaseName = "berth-snapshots",
    private readonly chunkBytes = defaultChunkBytes,
  ) {
    this.#store = createStore(databaseName, "snapshot");
  }

  async load(): Promise<SavedSnapshot | undefined> {
    const header = await get<SnapshotHeader>("header", this.#store);
    if (!header) return undefined;
    const state = new Uint8Array(header.byteLength);
    for (let index = 0; index < header.chunks; index++) {
      const chunk = await get<ArrayBuffer>(`chunk-${index}`, this.#store);
      if (!chunk) return undefined;
      state.set(new Uint8Array(chunk), index * this.chunkBytes);
    }
    return { key: header.key, state: state.buffer };
  }

  async save(snapshot: SavedSnapshot): Promise<void> {
    await this.discard();
    const chunks = Math.ceil(snapshot.state.byteLength / this.chunkBytes);
    const entries: [string, unknown][] = [];
    for (let index = 0; index < chunks; index++) {
      entries.push([`chunk-${index}`, snapshot.state.slice(index * this.chunkBytes, (index + 1) * this.chunkBytes)]);
    }
    await setMany(entries, this.#store);
    // The header goes last: a snapshot without it is invisible, so an interrupted save loses nothing.
    const header: SnapshotHeader = { key: snapshot.key, byteLength: snapshot.state.byteLength, chunks };
    await setMany([["header", header]], this.#store);
  }

  async discard(): Promise<void> {
    await clear(this.#store);
  }
}
