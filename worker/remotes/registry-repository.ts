// One repository's registry API: where its manifests and blobs are, and GETs whose failures are
// already mapped to Docker's errors.

import type { EngineError } from "../../src/api/errors.ts";
import type { ImageReference } from "../images/reference.ts";
import { failureFor, type RequestKind } from "./failure-response.ts";
import type { RegistryCredentials } from "./registry-credentials.ts";
import type { RegistryHttp } from "./registry-http.ts";

export class RegistryRepository {
  /** "<endpoint>/v2/<path>"; also names the repository's token. */
  readonly #base: string;

  constructor(
    private readonly http: RegistryHttp,
    endpoint: string,
    readonly reference: ImageReference,
    private readonly credentials?: RegistryCredentials,
  ) {
    this.#base = `${endpoint.replace(/\/+$/, "")}/v2/${reference.path}`;
  }

  manifestUrl(tagOrDigest: string): string {
    return `${this.#base}/manifests/${tagOrDigest}`;
  }

  blobUrl(digest: string): string {
    return `${this.#base}/blobs/${digest}`;
  }

  /** The response whatever its status. */
  send(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    return this.http.get({ url, reference: this.reference, tokenKey: this.#base, headers, signal, credentials: this.credentials });
  }

  /** A 2xx response; otherwise throws the mapped failure (a TransientError when worth retrying). */
  async get(url: string, kind: RequestKind, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    const response = await this.send(url, headers, signal);
    if (response.ok) return response;
    throw await this.failure(response, url, kind);
  }

  failure(response: Response, url: string, kind: RequestKind): Promise<EngineError> {
    return failureFor(response, url, this.reference, kind);
  }
}
