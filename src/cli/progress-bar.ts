// A layer's progress as Docker's client renders progressDetail on a terminal: a 50-column bar of
// "=" with a ">" head (only on terminals wider than 110 columns), then current/total in decimal
// units with four significant digits ("  12.35MB/45.6MB").

import { humanSizeWithPrecision } from "./human-size.ts";

export interface ProgressDetail {
  current?: number;
  total?: number;
}

const barWidth = 50;
const minimumColumnsForBar = 111;

export function formatProgress({ current = 0, total = 0 }: ProgressDetail, terminalColumns: number): string {
  if (current <= 0 && total <= 0) return "";
  if (total <= 0) return humanSize(current).padStart(8);

  const filled = Math.min(Math.trunc(Math.trunc((current / total) * 100) / 2), barWidth);
  const bar = terminalColumns >= minimumColumnsForBar ? `[${"=".repeat(filled)}>${" ".repeat(barWidth - filled)}] ` : "";
  // A current beyond the total is not believable; Docker then leaves the total out.
  const numbers = current > total ? humanSize(current).padStart(8) : `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  return `${bar}${numbers}`;
}

/** go-units' HumanSize. */
function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}
