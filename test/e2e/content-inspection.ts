// Reads the page origin's content store straight from IndexedDB, so tests can check what a failed
// pull left behind. Only tests look here; the page itself never touches IndexedDB.

import type { Page } from "playwright-core";

export interface StoredContent {
  /** Digests of committed blobs. */
  blobs: string[];
  /** Refs of ingests under way. */
  ingests: string[];
  /** Data chunks that belong to neither a blob nor an ingest. */
  orphanChunks: number;
}

export function storedContent(page: Page): Promise<StoredContent> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it empty, under the engine's feet.
    const existing = await indexedDB.databases();
    if (!existing.some((entry) => entry.name === "berth-content")) return { blobs: [], ingests: [], orphanChunks: 0 };
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("berth-content");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!database.objectStoreNames.contains("content")) return { blobs: [], ingests: [], orphanChunks: 0 };
      const objects = database.transaction("content", "readonly").objectStore("content");
      const request = <T>(query: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          query.onsuccess = () => resolve(query.result);
          query.onerror = () => reject(query.error);
        });
      const [keys, values] = await Promise.all([request(objects.getAllKeys()), request(objects.getAll())]);
      const blobs: string[] = [];
      const ingests: string[] = [];
      const liveData = new Set<string>();
      const chunkOwners: string[] = [];
      keys.forEach((key, index) => {
        const [kind, name] = key as [string, string];
        const value = values[index] as { dataId?: string };
        if (kind === "blob") blobs.push(name);
        if (kind === "ingest") ingests.push(name);
        if ((kind === "blob" || kind === "ingest") && value.dataId) liveData.add(value.dataId);
        if (kind === "data") chunkOwners.push(name);
      });
      return { blobs, ingests, orphanChunks: chunkOwners.filter((owner) => !liveData.has(owner)).length };
    } finally {
      database.close();
    }
  });
}
