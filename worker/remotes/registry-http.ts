// One request to a registry's API: with the repository's bearer token, the token flow on a 401
// (anonymous, or with the user's login), Basic authentication where the registry asks for it and
// a login was given, and redirects of GETs and HEADs followed here (not by fetch) so the token or
// login is sent only to the registry's own origin, never to a blob store it redirects to.

import type { ImageReference } from "../images/reference.ts";
import { parseChallenge } from "./auth-challenge.ts";
import { requestToken } from "./bearer-token.ts";
import { networkFailure } from "./network-failure.ts";
import { loginRequired, requestFailed } from "./registry-errors.ts";
import { basicAuthorization, type RegistryCredentials } from "./registry-credentials.ts";
import { TokenCache } from "./token-cache.ts";

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** What a token is asked for: reading, or reading and writing (a push). */
export type RegistryAccess = "pull" | "pull,push";

export interface RegistryGet {
  url: string;
  /** Default GET. Only GET and HEAD follow redirects. */
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH";
  /** Sent again as it is when the first answer is a 401 challenge. */
  body?: Uint8Array;
  /** Default "pull". */
  access?: RegistryAccess;
  reference: ImageReference;
  /** Which cached token applies: one per registry endpoint and repository. */
  tokenKey: string;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** The user's login for this registry (X-Registry-Auth), if any. */
  credentials?: RegistryCredentials | undefined;
}

export class RegistryHttp {
  readonly #tokens = new TokenCache();

  constructor(private readonly fetchImpl: typeof fetch) {}

  /** The registry's response, whatever its status. Network failures throw TransientErrors. */
  async get(request: RegistryGet): Promise<Response> {
    // A token got with a login is not one for anonymous requests, nor for another user's; a pull
    // token is not a push token.
    const access = request.access ?? "pull";
    const user = request.credentials ? ` as ${request.credentials.username}` : "";
    const tokenKey = `${request.tokenKey} for ${access}${user}`;
    const sent = await this.#tokens.current(tokenKey);
    const response = await this.#send(request, sent && `Bearer ${sent}`);
    if (response.status !== 401) return response;
    const challenge = parseChallenge(response.headers.get("WWW-Authenticate"));
    if (challenge?.scheme === "basic") {
      // A push reports the refusal in its own words (push-endpoint.ts).
      if (!request.credentials && access !== "pull") return response;
      await response.body?.cancel().catch(() => undefined);
      if (!request.credentials) throw loginRequired(request.url);
      return this.#send(request, basicAuthorization(request.credentials));
    }
    if (challenge?.scheme !== "bearer" || challenge.params.realm === undefined) return response;
    await response.body?.cancel().catch(() => undefined);
    const token = await this.#tokens.renew(tokenKey, sent, () =>
      requestToken(this.fetchImpl, challenge, request.url, request.reference, request.credentials, access),
    );
    return this.#send(request, `Bearer ${token}`);
  }

  async #send(request: RegistryGet, authorization: string | undefined): Promise<Response> {
    const origin = new URL(request.url).origin;
    const method = request.method ?? "GET";
    const followsRedirects = method === "GET" || method === "HEAD";
    let target = new URL(request.url);
    for (let redirects = 0; ; redirects++) {
      const headers = new Headers(request.headers);
      if (authorization !== undefined && target.origin === origin) headers.set("Authorization", authorization);
      let response: Response;
      try {
        const body = request.body as Uint8Array<ArrayBuffer> | undefined;
        response = await this.fetchImpl(target.href, { method, headers, body, redirect: "manual", signal: request.signal });
      } catch (error) {
        throw networkFailure(target.href, error, request.signal, method);
      }
      if (response.type === "opaqueredirect") {
        throw requestFailed("unavailable", request.url, "the registry redirected, and this runtime hides where to; pull through the registry proxy");
      }
      const location = followsRedirects && redirectStatuses.has(response.status) ? response.headers.get("Location") : null;
      if (location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      if (redirects === maxRedirects) throw requestFailed("unavailable", request.url, `stopped after ${maxRedirects} redirects`);
      target = new URL(location, target);
    }
  }
}
