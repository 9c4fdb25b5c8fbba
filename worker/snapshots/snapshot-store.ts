// A VM snapshot store keeps at most one saved guest state, tagged with the key of the guest it
// came from (kernel, initramfs, BIOS, v86 version, memory size).
// Lifecycle: after a cold boot the engine saves the state (before any container rootfs is
// attached); a later start loads it and restores when the key still matches; a snapshot whose key
// no longer matches is discarded and replaced after the next cold boot.

export interface SavedSnapshot {
  key: string;
  state: ArrayBuffer;
}

export interface SnapshotStore {
  load(): Promise<SavedSnapshot | undefined>;
  save(snapshot: SavedSnapshot): Promise<void>;
  discard(): Promise<void>;
}

export class MemorySnapshotStore implements SnapshotStore {
  #saved: SavedSnapshot | undefined;

  async load(): Promise<SavedSnapshot | undefined> {
    return this.#saved;
  }

  async save(snapshot: SavedSnapshot): Promise<void> {
    this.#saved = { key: snapshot.key, state: snapshot.state.slice(0) };
  }

  async discard(): Promise<void> {
    this.#saved = undefined;
  }
}
