// A request or body read that failed below HTTP: transient, unless the caller aborted it or the
// network is unavailable (offline-fetch.ts).

import { EngineError } from "../../src/api/errors.ts";
import { NetworkUnavailableError } from "./offline-fetch.ts";
import { requestFailedMessage } from "./registry-errors.ts";
import { TransientError } from "./retry.ts";

/** What to throw for `error`: the abort reason when `signal` aborted, else an error naming `url`, transient unless offline. */
export function networkFailure(url: string, error: unknown, signal: AbortSignal | undefined, method = "GET"): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof NetworkUnavailableError) return new EngineError("unavailable", requestFailedMessage(url, error.message, method));
  return new TransientError(requestFailedMessage(url, describe(error), method));
}

/** Node's fetch hides the socket error in `cause`: "fetch failed: connect ECONNREFUSED 127.0.0.1:5000". */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
