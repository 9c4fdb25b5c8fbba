// Reads a whole (small) response body: manifests, image configs, error documents, tokens.

import type { EngineError } from "../../src/api/errors.ts";
import { concatBytes } from "../concat-bytes.ts";
import { networkFailure } from "./network-failure.ts";
import { requestFailedMessage } from "./registry-errors.ts";
import { TransientError } from "./retry.ts";

export interface BodyLimit {
  maxBytes: number;
  /** The error for a body longer than maxBytes. */
  tooLarge: () => EngineError;
}

/** The body's bytes. A read failure, or a body shorter than its Content-Length, is transient. */
export async function readBody(response: Response, url: string, limit: BodyLimit, signal?: AbortSignal): Promise<Uint8Array> {
  const announced = Number(response.headers.get("Content-Length") ?? Number.NaN);
  if (announced > limit.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw limit.tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (response.body !== null) {
    const reader = response.body.getReader();
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw networkFailure(url, error, signal);
      }
      if (next.done) break;
      length += next.value.length;
      if (length > limit.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw limit.tooLarge();
      }
      chunks.push(next.value);
    }
  }
  if (length < announced) throw new TransientError(requestFailedMessage(url, "unexpected EOF"));
  return concatBytes(chunks);
}
