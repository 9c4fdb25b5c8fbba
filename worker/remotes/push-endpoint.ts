// One repository of a registry, as a push writes to it: requests with a pull-and-push token (or the
// user's Basic login, sent only to this registry), and the registry's refusals in the words Docker's
// push prints them ("denied: requested access to the resource is denied", "no basic auth
// credentials", "received unexpected HTTP status: 500 Internal Server Error"). 5xx and 429 answers
// are TransientErrors, so the caller's retry policy applies.

import { EngineError, type EngineErrorCode } from "../../src/api/errors.ts";
import type { ImageReference } from "../images/reference.ts";
import { parseChallenge } from "./auth-challenge.ts";
import { challengeError, firstBodyError } from "./failure-response.ts";
import type { RegistryCredentials } from "./registry-credentials.ts";
import { registryErrorText, requestFailedMessage, unexpectedStatusText } from "./registry-errors.ts";
import type { RegistryGet, RegistryHttp } from "./registry-http.ts";
import { TransientError } from "./retry.ts";

type Method = NonNullable<RegistryGet["method"]>;

const codeByStatus: Record<number, EngineErrorCode> = { 400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict" };

/** Go's wording for a request that failed: `Patch "<url>": <reason>`. */
export function pushRequestFailed(method: Method, url: string, reason: string): string {
  return requestFailedMessage(url, reason, method);
}

export class PushEndpoint {
  /** "<endpoint>/v2/<path>"; also names the repository's token. */
  readonly #base: string;

  constructor(
    private readonly http: RegistryHttp,
    endpoint: string,
    readonly reference: ImageReference,
    private readonly credentials: RegistryCredentials | undefined,
  ) {
    this.#base = `${endpoint.replace(/\/+$/, "")}/v2/${reference.path}`;
  }

  /** The URL of `path` below the repository ("blobs/uploads/", "manifests/latest"). */
  url(path: string): string {
    return `${this.#base}/${path}`;
  }

  /** The registry's answer, whatever its status; a failure in transit is a TransientError. */
  send(method: Method, url: string, body?: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
    return this.http.get({
      url,
      method,
      body,
      headers,
      access: "pull,push",
      reference: this.reference,
      tokenKey: this.#base,
      credentials: this.credentials,
    });
  }

  /** The error for a refusal, as Docker's push reports it. */
  async failure(response: Response, method: Method, url: string): Promise<EngineError> {
    const challenge = parseChallenge(response.headers.get("WWW-Authenticate"));
    if (response.status === 401 && challenge?.scheme === "basic" && this.credentials === undefined) {
      await response.body?.cancel().catch(() => undefined);
      return new EngineError("unauthorized", "no basic auth credentials");
    }
    const entry = challengeError(response) ?? (await firstBodyError(response, url));
    const { status } = response;
    const text = entry !== undefined ? registryErrorText(entry) : status === 401 ? "unauthorized: authentication required" : unexpectedStatusText(response);
    if (status >= 500 || status === 429) return new TransientError(text);
    if (entry === undefined && status !== 401 && codeByStatus[status] === undefined) {
      return new EngineError("system", pushRequestFailed(method, url, text));
    }
    return new EngineError(codeByStatus[status] ?? "system", text);
  }
}
