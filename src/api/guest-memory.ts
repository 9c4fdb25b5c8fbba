// The guest's memory: the sizes berth accepts for it, from `berth daemon --memory`, the page's
// setting and the engine's start request alike. The default is the guest image's (its manifest).

import { OptionValueError, parseRamInBytes } from "../cli/container-option-values.ts";

const MiB = 1024 * 1024;

/** The old default: below it the guest has too little room for real containers. */
export const minimumGuestMemoryMiB = 128;
/** The 32-bit guest kernel has no high memory: it maps at most 896 MiB, so more would go unused. */
export const maximumGuestMemoryMiB = 896;

/** Why `bytes` cannot be the guest's memory, or undefined when it can. */
export function guestMemoryProblem(bytes: number): string | undefined {
  if (!Number.isSafeInteger(bytes) || bytes % MiB !== 0) return `the guest's memory must be a whole number of MiB, not ${bytes} bytes`;
  const mebibytes = bytes / MiB;
  if (mebibytes < minimumGuestMemoryMiB || mebibytes > maximumGuestMemoryMiB) {
    return `the guest's memory must be between ${minimumGuestMemoryMiB}m and ${maximumGuestMemoryMiB}m (its 32-bit kernel maps no more), not ${mebibytes}m`;
  }
  return undefined;
}

/** A size as `docker run --memory` reads it ("768m", "0.75g"), in bytes, within what the guest can use. */
export function parseGuestMemory(text: string): number {
  const bytes = parseRamInBytes(text);
  const problem = guestMemoryProblem(bytes);
  if (problem) throw new OptionValueError(problem);
  return bytes;
}
