// The storage budget of `berth daemon`: the free space of the file system its state lives on, as
// statfs tells it (what an unprivileged process may still write). Pulls check it first, and each
// container's writable layer gets it as its room, so a full disk means ENOSPC in the container.

import { statfs } from "node:fs/promises";
import type { StorageBudget } from "./images/storage-budget.ts";

export function nodeStorageBudget(directory: string): StorageBudget {
  return {
    async estimate() {
      const stats = await statfs(directory);
      return { usage: 0, quota: stats.bavail * stats.bsize };
    },
    async persist() {},
  };
}
