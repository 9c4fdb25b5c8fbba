// The bearer token flow of the distribution spec: after a 401 with a Bearer challenge, a GET to the
// challenge's realm with `service` and `scope=repository:<path>:pull` (or `pull,push`) returns a token; anonymously,
// or with the user's login as Basic authentication when one was given (and only over HTTPS, or to
// a loopback realm, so the password never crosses the network in the clear).

import type { ImageReference } from "../images/reference.ts";
import type { AuthChallenge } from "./auth-challenge.ts";
import { readBody } from "./body-reader.ts";
import { failureFor } from "./failure-response.ts";
import { networkFailure } from "./network-failure.ts";
import { requestFailed } from "./registry-errors.ts";
import type { RegistryAccess } from "./registry-http.ts";
import type { BearerToken } from "./token-cache.ts";
import { basicAuthorization, type RegistryCredentials } from "./registry-credentials.ts";
import { isLoopbackHost } from "../../src/proxy/private-address.ts";

/** The spec's default when the token service does not say. */
const defaultLifetimeSeconds = 60;
const maxTokenResponseBytes = 1024 * 1024;

/**
 * Asks the realm of `challenge` (received for `requestUrl`) for a token with `access`, with `credentials`
 * if given. Concurrent requests share the token, so no single caller's abort signal applies.
 */
export async function requestToken(
  fetchImpl: typeof fetch,
  challenge: AuthChallenge,
  requestUrl: string,
  reference: ImageReference,
  credentials?: RegistryCredentials,
  access: RegistryAccess = "pull",
): Promise<BearerToken> {
  const url = tokenUrl(challenge, requestUrl, reference, access);
  const headers = new Headers();
  if (credentials) {
    const realm = new URL(url);
    if (realm.protocol !== "https:" && !isLoopbackHost(realm.hostname)) {
      throw requestFailed("unauthorized", requestUrl, `the registry's token service ${realm.origin} is not HTTPS, so berth will not send it a password`);
    }
    headers.set("Authorization", basicAuthorization(credentials));
  }
  let response: Response;
  try {
    response = await fetchImpl(url, { headers });
  } catch (error) {
    throw networkFailure(url, error, undefined);
  }
  if (!response.ok) throw await failureFor(response, url, reference, "token");
  const noToken = () => requestFailed("unavailable", url, "the token service answered without a token");
  const body = await readBody(response, url, { maxBytes: maxTokenResponseBytes, tooLarge: noToken });
  let answer: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    answer = JSON.parse(new TextDecoder().decode(body)) as typeof answer;
  } catch {
    throw noToken();
  }
  const value = typeof answer.token === "string" && answer.token !== "" ? answer.token : answer.access_token;
  if (typeof value !== "string" || value === "") throw noToken();
  const lifetime = typeof answer.expires_in === "number" && answer.expires_in > 0 ? answer.expires_in : defaultLifetimeSeconds;
  return { value, expiresInSeconds: lifetime };
}

function tokenUrl(challenge: AuthChallenge, requestUrl: string, reference: ImageReference, access: RegistryAccess): string {
  let url: URL;
  try {
    url = new URL(challenge.params.realm ?? "", requestUrl);
  } catch {
    throw requestFailed("unavailable", requestUrl, `the registry named an invalid token realm ${JSON.stringify(challenge.params.realm)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw requestFailed("unavailable", requestUrl, `the registry named a token realm that is not http(s): ${url.href}`);
  }
  if (challenge.params.service !== undefined) url.searchParams.set("service", challenge.params.service);
  url.searchParams.set("scope", `repository:${reference.path}:${access}`);
  return url.href;
}
