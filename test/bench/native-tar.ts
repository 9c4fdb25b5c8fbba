// The native baseline for layer application: GNU tar extracting the same gzip blob into a fresh
// directory on tmpfs, timed as a whole process. One untimed warm-up run comes first.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

export function nativeTarExtractMs(blobPath: string, runs: number): number[] {
  const target = mkdtempSync(join("/dev/shm", "berth-bench-tar-"));
  const runMs: number[] = [];
  try {
    for (let run = -1; run < runs; run++) {
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target);
      const started = performance.now();
      execFileSync("tar", ["-xzf", blobPath, "-C", target]);
      if (run >= 0) runMs.push(performance.now() - started);
    }
    return runMs;
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}
