// An OCI image layout's blobs, kept in the ContentStore: a blob the store has (from an earlier
// start) is used from there; an absent one is read from the layout and committed, which verifies
// its size and digest. Other files of the layout (oci-layout, index.json) are always read anew.

import type { ContentStore } from "../content/content-store.ts";
import { openFreeWriter } from "../content/free-writer.ts";
import type { ReadBlob } from "./oci-layout.ts";

const BLOB_PATH = /^blobs\/sha256\/([0-9a-f]{64})$/;

function blobPath(digest: string): string {
  return `blobs/sha256/${digest.slice("sha256:".length)}`;
}

/**
 * Commits `bytes` as the blob `digest`, starting over any ingest a failed earlier attempt left; an
 * ingest of the same blob in progress (another pull, say) is waited for. True when this call stored it.
 */
async function ingest(content: ContentStore, digest: string, size: number, bytes: Uint8Array): Promise<boolean> {
  const ref = `layout-${digest}`;
  const opened = await openFreeWriter(content, ref, digest);
  if ("stored" in opened) return false;
  let writer = opened.writer;
  if (writer.offset > 0) {
    await writer.abort();
    writer = await content.writer(ref);
  }
  try {
    await writer.write(bytes);
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }
  await writer.commit(size, digest);
  return true;
}

/** Makes sure the store has the blob `bytes` (verified against `digest` as it is committed); true when it was stored now. */
export async function keepBlob(content: ContentStore, digest: string, bytes: Uint8Array): Promise<boolean> {
  if (await content.info(digest)) return false;
  return ingest(content, digest, bytes.length, bytes);
}

/** Makes sure the store has the blob, reading it from the layout only when it is absent; true when it was ingested now. */
export async function ensureLayoutBlob(content: ContentStore, readLayoutFile: ReadBlob, blob: { digest: string; size: number }): Promise<boolean> {
  if (await content.info(blob.digest)) return false;
  return ingest(content, blob.digest, blob.size, await readLayoutFile(blobPath(blob.digest)));
}

/** A reader of the layout whose blobs come from the store, ingested from the layout when absent. */
export function storedBlobReader(content: ContentStore, readLayoutFile: ReadBlob): ReadBlob {
  return async (path) => {
    const hex = BLOB_PATH.exec(path)?.[1];
    if (hex === undefined) return readLayoutFile(path);
    const digest = `sha256:${hex}`;
    if (await content.info(digest)) return content.read(digest);
    const bytes = await readLayoutFile(path);
    await ingest(content, digest, bytes.length, bytes);
    return bytes;
  };
}
