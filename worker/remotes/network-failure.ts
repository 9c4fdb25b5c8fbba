// A request or body read that failed below HTTP: transient, unless the caller aborted it.

import { requestFailedMessage } from "./registry-errors.ts";
import { TransientError } from "./retry.ts";

/** What to throw for `error`: the abort reason when `signal` aborted, else a TransientError naming `url`. */
export function networkFailure(url: string, error: unknown, signal: AbortSignal | undefined, method = "GET"): unknown {
  if (signal?.aborted) return signal.reason;
  return new TransientError(requestFailedMessage(url, describe(error), method));
}

/** Node's fetch hides the socket error in `cause`: "fetch failed: connect ECONNREFUSED 127.0.0.1:5000". */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
