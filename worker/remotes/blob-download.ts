// Downloads one blob into the content store, verified by the store's commit. The ingest is named by
// the blob's digest, so an ingest interrupted earlier (even before a page reload) resumes where it
// stopped, with a Range request. Network trouble is retried from the stored offset.
//
// After a failure the writer is always closed. What stays behind:
// - an interruption (network errors, 5xx, a body cut short, with the retries used up; or the
//   caller's abort): the bytes stored so far stay as the ingest, so the next pull resumes there;
// - anything else (a refusal, the wrong bytes): the ingest is discarded.

import { isEngineError } from "../../src/api/errors.ts";
import type { ContentInfo, ContentStore, ContentWriter } from "../content/content-store.ts";
import { openFreeWriter } from "../content/free-writer.ts";
import { concatBytes } from "../concat-bytes.ts";
import type { Descriptor } from "../images/oci-types.ts";
import { networkFailure } from "./network-failure.ts";
import { layerVerificationFailed, requestFailed, requestFailedMessage } from "./registry-errors.ts";
import type { RegistryRepository } from "./registry-repository.ts";
import { TransientError, type Retry } from "./retry.ts";

export interface BlobDownload {
  repository: RegistryRepository;
  descriptor: Descriptor;
  content: ContentStore;
  /** Called with the bytes stored so far (resumed bytes included). */
  onProgress?: ((storedBytes: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export async function downloadBlob(download: BlobDownload, retry: Retry): Promise<ContentInfo> {
  const { descriptor, content } = download;
  const opened = await openFreeWriter(content, descriptor.digest, descriptor.digest, download.signal);
  if ("stored" in opened) return opened.stored;
  const writer = opened.writer;
  const ingest = new BlobIngest(download, writer);
  if (ingest.offset > 0) download.onProgress?.(ingest.offset);
  try {
    await retry(() => ingest.receive(), download.signal);
  } catch (error) {
    await ingest.close(error);
    throw error;
  }
  return ingest.commit();
}

class BlobIngest {
  readonly #url: string;

  constructor(
    private readonly download: BlobDownload,
    private writer: ContentWriter,
  ) {
    this.#url = download.repository.blobUrl(download.descriptor.digest);
  }

  get offset(): number {
    return this.writer.offset;
  }

  /** One try: requests what is missing (all of it, or the rest with Range) and stores it. */
  async receive(): Promise<void> {
    const { repository, descriptor, signal } = this.download;
    if (this.writer.offset > descriptor.size) await this.#restart();
    const offset = this.writer.offset;
    if (offset === descriptor.size) return;
    const range: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
    const response = await repository.send(this.#url, range, signal);
    const misaligned = response.status === 416 || (response.status === 206 && contentRangeStart(response) !== offset);
    if (misaligned) {
      await response.body?.cancel().catch(() => undefined);
      if (offset === 0) throw requestFailed("system", this.#url, "the registry answered with a range that was not asked for");
      // The registry does not continue where the stored bytes end: start over from scratch.
      await this.#restart();
      return this.receive();
    }
    if (!response.ok) throw await repository.failure(response, this.#url, "blob");
    // A 200 to a Range request: the registry sent everything, so skip what is stored already.
    await this.#store(response.body, response.status === 200 ? offset : 0);
    if (this.writer.offset < descriptor.size) throw new TransientError(requestFailedMessage(this.#url, "unexpected EOF"));
  }

  async commit(): Promise<ContentInfo> {
    const { content, descriptor } = this.download;
    try {
      return await this.writer.commit(descriptor.size, descriptor.digest);
    } catch (error) {
      if (!isEngineError(error) || error.code !== "invalid") throw error;
      // A failed commit keeps the ingest; discard it so no unverified bytes stay behind.
      await (await content.writer(descriptor.digest)).abort();
      throw layerVerificationFailed(descriptor.digest);
    }
  }

  /** Closes the writer after `error`, keeping the stored bytes only after an interruption. */
  async close(error: unknown): Promise<void> {
    const { descriptor, signal } = this.download;
    const interrupted = error instanceof TransientError || signal?.aborted === true;
    const keep = interrupted && this.writer.offset > 0 && this.writer.offset < descriptor.size;
    try {
      // The store closes a writer without discarding it only through a commit that fails
      // verification, which keeps the ingest (content-store.ts); with bytes missing it must fail.
      if (keep) await this.writer.commit(descriptor.size, descriptor.digest);
      else await this.writer.abort();
    } catch {
      // Expected for the keeping commit; otherwise the writer was closed already (e.g. by a
      // quota failure). Either way `error` is what the caller must see.
    }
  }

  /**
   * Streams the body into the writer. Network reads are small, so they are gathered into pieces of
   * at least `writeBatchBytes` before each write: every write is a storage transaction.
   */
  async #store(body: ReadableStream<Uint8Array> | null, skip: number): Promise<void> {
    if (body === null) return;
    const { descriptor, onProgress, signal } = this.download;
    const reader = body.getReader();
    const pending = new WriteBatch();
    const flush = async () => {
      if (pending.byteLength > 0) await this.writer.write(pending.take());
    };
    try {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          throw networkFailure(this.#url, error, signal);
        }
        if (next.done) return await flush();
        const skipped = Math.min(skip, next.value.length);
        skip -= skipped;
        const chunk = next.value.subarray(skipped);
        if (chunk.length === 0) continue;
        if (this.writer.offset + pending.byteLength + chunk.length > descriptor.size) throw layerVerificationFailed(descriptor.digest);
        pending.add(chunk);
        if (pending.byteLength >= writeBatchBytes) await flush();
        onProgress?.(this.writer.offset + pending.byteLength);
        signal?.throwIfAborted();
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      // Keep what arrived before an interruption, so a retry or a later pull resumes after it.
      if (error instanceof TransientError || signal?.aborted) await flush().catch(() => undefined);
      throw error;
    }
  }

  async #restart(): Promise<void> {
    await this.writer.abort();
    this.writer = await this.download.content.writer(this.download.descriptor.digest);
  }
}

const writeBatchBytes = 1024 * 1024;

/** Bytes received but not yet written. */
class WriteBatch {
  #chunks: Uint8Array[] = [];
  byteLength = 0;

  add(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.byteLength += chunk.length;
  }

  /** Everything gathered, as one array; the batch is empty afterwards. */
  take(): Uint8Array {
    const joined = concatBytes(this.#chunks);
    this.#chunks = [];
    this.byteLength = 0;
    return joined;
  }
}

/** The first byte position of a 206's `Content-Range: bytes <first>-<last>/<total>`. */
function contentRangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers.get("Content-Range")?.trim() ?? "");
  return match ? Number(match[1]) : undefined;
}
