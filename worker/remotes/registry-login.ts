// Checks a login against a registry as `docker login` does: GET /v2/; a 200 needs no login at all;
// a 401 with a Basic challenge is asked again with the login; one with a Bearer challenge sends the
// login to the token service (only over HTTPS or on loopback). A refusal reads as Docker's:
// `Get "<registry>/v2/": unauthorized: authentication required`.

import { EngineError } from "../../src/api/errors.ts";
import { isLoopbackHost } from "../../src/proxy/private-address.ts";
import { parseChallenge } from "./auth-challenge.ts";
import { challengeError, firstBodyError } from "./failure-response.ts";
import { networkFailure } from "./network-failure.ts";
import { basicAuthorization, type RegistryCredentials } from "./registry-credentials.ts";
import { registryErrorText, requestFailed, unexpectedStatusText } from "./registry-errors.ts";

/** Resolves when the registry at `endpoint` accepts `credentials`; otherwise throws Docker's error. */
export async function checkLogin(fetchImpl: typeof fetch, endpoint: string, credentials: RegistryCredentials): Promise<void> {
  const ping = `${endpoint.replace(/\/+$/, "")}/v2/`;
  const first = await send(fetchImpl, ping, undefined);
  if (first.ok) return void (await first.body?.cancel().catch(() => undefined));
  const challenge = first.status === 401 ? parseChallenge(first.headers.get("WWW-Authenticate")) : undefined;
  if (challenge === undefined) throw await refusal(first, ping);
  await first.body?.cancel().catch(() => undefined);

  if (challenge.scheme === "basic") {
    const answer = await send(fetchImpl, ping, basicAuthorization(credentials));
    if (answer.ok) return void (await answer.body?.cancel().catch(() => undefined));
    throw await refusal(answer, ping);
  }
  if (challenge.scheme !== "bearer" || challenge.params.realm === undefined) throw await refusal(first, ping);
  let realm: URL;
  try {
    realm = new URL(challenge.params.realm, ping);
  } catch {
    throw requestFailed("unavailable", ping, `the registry named an invalid token realm ${JSON.stringify(challenge.params.realm)}`);
  }
  if (realm.protocol !== "https:" && !isLoopbackHost(realm.hostname)) {
    throw requestFailed("unauthorized", ping, `the registry's token service ${realm.origin} is not HTTPS, so berth will not send it a password`);
  }
  if (challenge.params.service !== undefined) realm.searchParams.set("service", challenge.params.service);
  const token = await send(fetchImpl, realm.href, basicAuthorization(credentials));
  if (token.ok) return void (await token.body?.cancel().catch(() => undefined));
  throw await refusal(token, ping);
}

async function send(fetchImpl: typeof fetch, url: string, authorization: string | undefined): Promise<Response> {
  try {
    return await fetchImpl(url, { headers: authorization === undefined ? {} : { Authorization: authorization }, redirect: "manual" });
  } catch (error) {
    const failure = networkFailure(url, error, undefined);
    throw failure instanceof EngineError ? new EngineError("unavailable", failure.message) : failure;
  }
}

async function refusal(response: Response, ping: string): Promise<EngineError> {
  const entry = challengeError(response) ?? (await firstBodyError(response, ping));
  const reason = entry !== undefined ? registryErrorText(entry) : response.status === 401 ? "unauthorized: authentication required" : unexpectedStatusText(response);
  return requestFailed(response.status === 401 || response.status === 403 ? "unauthorized" : "unavailable", ping, reason);
}
