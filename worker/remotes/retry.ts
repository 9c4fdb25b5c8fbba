// Retrying failures that may pass (network errors, 5xx, 429, a body cut short) with capped,
// jittered exponential backoff.

import { EngineError } from "../../src/api/errors.ts";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Runs an attempt under the client's retry policy (see `retrying`). */
export type Retry = <T>(attempt: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A failure worth another try; thrown as it is once the tries run out. */
export class TransientError extends EngineError {
  constructor(message: string) {
    super("unavailable", message);
  }
}

/** The wait after the `failures`-th failure: base·2^(failures-1), capped, then between half and all of it. */
export function backoffDelay(policy: RetryPolicy, failures: number, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  return Math.round(capped / 2 + (capped / 2) * random());
}

/** Runs `attempt` until it succeeds, fails permanently, the tries run out, or `signal` aborts. */
export async function retrying<T>(policy: RetryPolicy, sleep: Sleep, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TransientError) || failures >= policy.attempts || signal?.aborted) throw error;
    }
    await sleep(backoffDelay(policy, failures));
    signal?.throwIfAborted();
  }
}
