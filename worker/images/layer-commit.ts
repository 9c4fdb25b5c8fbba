// New layers (a container's changes, a build step): an uncompressed layer tar becomes a gzip blob in
// the content store, committed under its digest after the store has verified it, with the tar's own
// digest as the diff ID; the LayerStore keeps the tar, so the image runs without unpacking it again.

import type { ContentStore } from "../content/content-store.ts";
import { sha256Digest } from "../digest.ts";
import type { ImageLayer } from "./image-store.ts";
import type { LayerStore } from "./layer-store.ts";
import { MediaType } from "./oci-types.ts";

export interface LayerCommitStores {
  content: ContentStore;
  layers: LayerStore;
}

export async function commitLayer(tar: Uint8Array, stores: LayerCommitStores): Promise<ImageLayer> {
  const [diffId, blob] = await Promise.all([sha256Digest(tar), gzip(tar)]);
  const digest = await sha256Digest(blob);
  if (!(await stores.content.info(digest))) {
    const writer = await stores.content.writer(digest);
    try {
      // An ingest left by an interrupted commit of the same blob holds a prefix of it.
      await writer.write(blob.subarray(writer.offset));
      await writer.commit(blob.byteLength, digest);
    } catch (error) {
      await writer.abort().catch(() => undefined);
      throw error;
    }
  }
  stores.layers.adopt(diffId, tar);
  return { digest, diffId, size: blob.byteLength, mediaType: MediaType.LayerGzip, unpackedSize: tar.byteLength };
}

async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const compressed = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}
