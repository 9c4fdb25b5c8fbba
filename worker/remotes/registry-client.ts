// Talks to OCI distribution registries: resolves an image reference to its manifest and config for
// a platform, downloads blobs into the content store, checks logins and makes pushers. Where each
// registry is reached is the caller's choice (`endpointFor`): the registry proxy in the browser, the
// registry itself elsewhere.

import type { ContentInfo, ContentStore } from "../content/content-store.ts";
import type { Descriptor, Platform } from "../images/oci-types.ts";
import type { ImageReference } from "../images/reference.ts";
import { downloadBlob } from "./blob-download.ts";
import { ImageResolver, type ResolvedImage } from "./image-resolver.ts";
import { GUEST_PLATFORM } from "../images/platform.ts";
import type { RegistryCredentials } from "./registry-credentials.ts";
import { RegistryHttp } from "./registry-http.ts";
import { PushEndpoint } from "./push-endpoint.ts";
import { RegistryPusher } from "./registry-push.ts";
import { checkLogin } from "./registry-login.ts";
import { RegistryRepository } from "./registry-repository.ts";
import { DEFAULT_RETRY, realSleep, retrying, type Retry, type RetryPolicy } from "./retry.ts";

export type { ResolvedImage } from "./image-resolver.ts";

export interface RegistryClientOptions {
  /** The base URL whose `/v2/…` is the registry API of `domain` ("docker.io", "127.0.0.1:5000"). */
  endpointFor(domain: string): string;
  fetch?: typeof fetch;
  /** Default: 5 attempts, 250 ms doubling up to 8 s, jittered. */
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Pushes upload blobs larger than this in chunks; default DEFAULT_CHUNK_BYTES. */
  uploadChunkBytes?: number;
}

export class RegistryClient {
  readonly #options: RegistryClientOptions;
  readonly #http: RegistryHttp;
  readonly #retry: Retry;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: RegistryClientOptions, shared?: { http: RegistryHttp; retry: Retry; credentials: RegistryCredentials | undefined }) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#http = shared?.http ?? new RegistryHttp(this.#fetch);
    const policy = options.retry ?? DEFAULT_RETRY;
    const sleep = options.sleep ?? realSleep;
    this.#retry = shared?.retry ?? ((attempt, signal) => retrying(policy, sleep, signal, attempt));
    this.#credentials = shared?.credentials;
  }

  /** This client, logged in as `credentials` (from X-Registry-Auth, already checked to be for the registry it pulls from). */
  withCredentials(credentials: RegistryCredentials | undefined): RegistryClient {
    return new RegistryClient(this.#options, { http: this.#http, retry: this.#retry, credentials });
  }

  /** The image `reference` names, for `platform` (default linux/386), with manifest and config verified. */
  resolve(reference: ImageReference, platform: Platform = GUEST_PLATFORM): Promise<ResolvedImage> {
    return new ImageResolver(this.#repository(reference), this.#retry, platform).resolve();
  }

  /**
   * Stores the blob `descriptor` names in `content` (unless it is there already), resuming an
   * interrupted ingest, and returns its info once the store has verified size and digest.
   */
  fetchBlob(
    reference: ImageReference,
    descriptor: Descriptor,
    content: ContentStore,
    onProgress?: (storedBytes: number) => void,
    signal?: AbortSignal,
  ): Promise<ContentInfo> {
    return downloadBlob({ repository: this.#repository(reference), descriptor, content, onProgress, signal }, this.#retry);
  }

  /** A pusher to the repository `reference` names, logged in as `credentials` (already checked to be for its registry). */
  pusher(reference: ImageReference, credentials: RegistryCredentials | undefined): RegistryPusher {
    const endpoint = new PushEndpoint(this.#http, this.#options.endpointFor(reference.domain), reference, credentials);
    return new RegistryPusher(endpoint, this.#retry, this.#options.uploadChunkBytes);
  }

  /** Resolves when the registry `domain` accepts the login; otherwise throws Docker's error. */
  checkLogin(domain: string, credentials: RegistryCredentials): Promise<void> {
    return checkLogin(this.#fetch, this.#options.endpointFor(domain), credentials);
  }

  #repository(reference: ImageReference): RegistryRepository {
    return new RegistryRepository(this.#http, this.#options.endpointFor(reference.domain), reference, this.#credentials);
  }
}
