// The snapshot on the filesystem, for the Node host: one file holding a small JSON header (the
// guest's key) and the state after it, replaced atomically, so a crash mid-save leaves the old
// snapshot or the new one.

import { readFile, rm } from "node:fs/promises";
import { writeFileAtomically } from "../node-atomic-file.ts";
import type { SavedSnapshot, SnapshotStore } from "./snapshot-store.ts";

export class NodeFsSnapshotStore implements SnapshotStore {
  constructor(private readonly path: string) {}

  async load(): Promise<SavedSnapshot | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    const headerLength = bytes.readUInt32BE(0);
    const { key } = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")) as { key: string };
    const state = bytes.subarray(4 + headerLength);
    return { key, state: state.buffer.slice(state.byteOffset, state.byteOffset + state.byteLength) as ArrayBuffer };
  }

  async save(snapshot: SavedSnapshot): Promise<void> {
    const header = Buffer.from(JSON.stringify({ key: snapshot.key }), "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.byteLength);
    await writeFileAtomically(this.path, Buffer.concat([length, header, new Uint8Array(snapshot.state)]));
  }

  async discard(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
