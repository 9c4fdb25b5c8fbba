// Unpacked layers: each layer's uncompressed tar, made from its blob in the ContentStore
// (decompressed and verified against the diff ID once) and kept in memory, keyed by diff ID so
// images sharing a layer share its tar, until no image needs it.

import type { ContentStore } from "../content/content-store.ts";
import { decompressLayer, type DecompressProgress } from "../rootfs/decompress-layer.ts";
import type { LayerUnpacker } from "../unpack/threaded-unpacker.ts";
import type { ImageLayer } from "./image-store.ts";

export class LayerStore {
  /** Tars by diff ID, also while being unpacked, so concurrent requests share one unpack. */
  readonly #tars = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly content: ContentStore,
    private readonly unpackBlob: LayerUnpacker = decompressLayer,
  ) {}

  /**
   * Reads the layer's blob, decompresses it and verifies the diff ID, unless its tar is cached or
   * being unpacked; resolves to the tar. `onProgress` follows the compressed bytes consumed.
   */
  unpack(layer: ImageLayer, onProgress?: DecompressProgress): Promise<Uint8Array> {
    const cached = this.#tars.get(layer.diffId);
    if (cached) return cached;
    const tar = this.content.read(layer.digest).then((blob) => this.unpackBlob(layer, blob, onProgress));
    this.#tars.set(layer.diffId, tar);
    tar.catch(() => {
      if (this.#tars.get(layer.diffId) === tar) this.#tars.delete(layer.diffId);
    });
    return tar;
  }

  /** Keeps the tar of a layer made here (its blob was just committed from it), so it needs no unpacking. */
  adopt(diffId: string, tar: Uint8Array): void {
    if (!this.#tars.has(diffId)) this.#tars.set(diffId, Promise.resolve(tar));
  }

  /** Drops the cached tars of layers not in `keep` (the diff IDs the remaining images use). */
  retainOnly(keep: ReadonlySet<string>): void {
    for (const diffId of this.#tars.keys()) if (!keep.has(diffId)) this.#tars.delete(diffId);
  }
}
