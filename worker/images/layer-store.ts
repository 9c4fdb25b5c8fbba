// Uncompressed layer tars, keyed by diff ID, shared by every image that has the layer.

import { EngineError } from "../../src/api/errors.ts";

export class LayerStore {
  private readonly tars = new Map<string, Uint8Array>();

  put(diffId: string, tar: Uint8Array): void {
    this.tars.set(diffId, tar);
  }

  has(diffId: string): boolean {
    return this.tars.has(diffId);
  }

  get(diffId: string): Uint8Array {
    const tar = this.tars.get(diffId);
    if (!tar) throw new EngineError("not-found", `layer ${diffId} is not in the layer store`);
    return tar;
  }

  /** Drops every layer not in `keep` (the diff IDs the remaining images use). */
  retainOnly(keep: ReadonlySet<string>): void {
    for (const diffId of this.tars.keys()) if (!keep.has(diffId)) this.tars.delete(diffId);
  }
}
