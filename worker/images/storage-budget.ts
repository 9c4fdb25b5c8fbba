// Browser storage is limited per origin. Before a pull the engine checks that the blobs it is
// about to download fit, and asks once for persistent storage so the browser does not evict the
// image cache under pressure.

import { EngineError } from "../../src/api/errors.ts";

export interface StorageBudget {
  /** Usage and quota of the origin's storage, when the host can tell. */
  estimate(): Promise<{ usage: number; quota: number } | undefined>;
  /** Asks for persistent storage; best effort. */
  persist(): Promise<void>;
}

const freeSpaceAdvice = 'Remove images with "docker image prune -a" or "docker rmi", or allow this site more storage.';

/** Room kept free beside the blobs themselves: IndexedDB keys, records and chunk overhead. */
const headroomBytes = 4 * 1024 * 1024;

export async function ensureStorageFor(budget: StorageBudget, image: string, neededBytes: number): Promise<void> {
  await budget.persist().catch(() => undefined);
  const estimate = await budget.estimate().catch(() => undefined);
  if (!estimate) return;
  const free = Math.max(0, estimate.quota - estimate.usage);
  if (neededBytes + headroomBytes <= free) return;
  throw new EngineError(
    "system",
    `no space left on device: pulling ${image} needs ${formatBytes(neededBytes + headroomBytes)} of browser storage, ` +
      `but only ${formatBytes(free)} is free (quota ${formatBytes(estimate.quota)}, in use ${formatBytes(estimate.usage)}). ${freeSpaceAdvice}`,
  );
}

/** The storage filled up while a layer was being stored (its partial download is already gone). */
export function storageExhausted(image: string, layerId: string, layerBytes: number, reason: string): EngineError {
  return new EngineError(
    "system",
    `no space left on device: pulling ${image} needs ${formatBytes(layerBytes)} of browser storage for layer ${layerId}, ` +
      `but the browser's storage is full (${reason}); the partial download was discarded. ${freeSpaceAdvice}`,
  );
}

/** The host's budget from the StorageManager of a window or worker. */
export function storageManagerBudget(storage: StorageManager | undefined): StorageBudget | undefined {
  if (!storage?.estimate) return undefined;
  let persisted: Promise<void> | undefined;
  return {
    async estimate() {
      const { usage, quota } = await storage.estimate();
      return usage === undefined || quota === undefined ? undefined : { usage, quota };
    },
    persist() {
      // persist() is a window-only method in the DOM typings, but workers have it in Chromium.
      const request = (storage as { persist?: () => Promise<boolean> }).persist;
      persisted ??= request ? request.call(storage).then(() => undefined) : Promise.resolve();
      return persisted;
    },
  };
}

function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  for (; value >= 1000 && unit < units.length - 1; unit++) value /= 1000;
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
