// Opening an ingest that another writer may hold, as containerd's fetch does: while the ref is
// locked, wait; the other writer's commit ends the wait (the blob is then stored), its failure hands
// the ingest (and its bytes) over to this one.

import { RefLockedError } from "./content-errors.ts";
import type { ContentInfo, ContentStore, ContentWriter } from "./content-store.ts";

/** How often a waiting writer checks on the one that holds the ingest. */
const lockedIngestPollMs = 250;

/** A writer for `ref`, or the stored blob `digest` once it is there (stored meanwhile by the other writer). */
export async function openFreeWriter(
  content: ContentStore,
  ref: string,
  digest: string,
  signal?: AbortSignal,
): Promise<{ writer: ContentWriter } | { stored: ContentInfo }> {
  for (;;) {
    const stored = await content.info(digest);
    if (stored !== undefined) return { stored };
    try {
      return { writer: await content.writer(ref) };
    } catch (error) {
      if (!(error instanceof RefLockedError)) throw error;
      if (signal?.aborted) throw signal.reason;
      await new Promise((resolve) => setTimeout(resolve, lockedIngestPollMs));
    }
  }
}
