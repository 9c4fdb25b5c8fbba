// Turns a registry's error response into the EngineError Docker would report, or a TransientError
// when another try may succeed (5xx, 429).

import type { EngineError, EngineErrorCode } from "../../src/api/errors.ts";
import type { ImageReference } from "../images/reference.ts";
import { parseChallenge } from "./auth-challenge.ts";
import { readBody } from "./body-reader.ts";
import {
  manifestNotFound,
  parseRegistryErrors,
  proxyRefused,
  pullAccessDenied,
  registryErrorText,
  requestFailed,
  requestFailedMessage,
  unexpectedStatusText,
  type RegistryErrorEntry,
} from "./registry-errors.ts";
import { TransientError } from "./retry.ts";

/** What was asked for: manifest 404s mean an unknown tag or digest. */
export type RequestKind = "manifest" | "blob" | "token";

const maxErrorBodyBytes = 64 * 1024;
const repositoryDenials = new Set(["NAME_UNKNOWN", "DENIED", "UNAUTHORIZED"]);
/** How the registry proxy words its own refusals (allowlist, private addresses, schemes). */
const proxyRefusal = /allowlist|private address|allowed scheme/;
const codeByStatus: Record<number, EngineErrorCode> = { 400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not-found" };

export async function failureFor(response: Response, url: string, reference: ImageReference, kind: RequestKind): Promise<EngineError> {
  const bodyEntry = await firstBodyError(response, url);
  const entry = challengeError(response) ?? bodyEntry;
  const { status } = response;
  const reason = entry === undefined ? unexpectedStatusText(response) : registryErrorText(entry);
  if (status >= 500 || status === 429) return new TransientError(requestFailedMessage(url, reason));
  if (status === 403 && entry?.code === "DENIED" && proxyRefusal.test(entry.message)) return proxyRefused(url, entry);
  if (kind === "manifest" && status === 404 && (entry === undefined || entry.code === "MANIFEST_UNKNOWN")) {
    return manifestNotFound(reference, entry ?? { code: "MANIFEST_UNKNOWN", message: "manifest unknown" });
  }
  // Without a body, Go's client reports a 401 as UNAUTHORIZED "authentication required".
  const denial = entry ?? (status === 401 ? { code: "UNAUTHORIZED", message: "authentication required" } : undefined);
  if ((status === 401 || status === 403 || status === 404) && denial !== undefined && repositoryDenials.has(denial.code)) {
    return pullAccessDenied(reference, denial);
  }
  return requestFailed(codeByStatus[status] ?? "system", url, reason);
}

/** RFC 6750 errors in a Bearer challenge, as Go's distribution client reads them. */
export function challengeError(response: Response): RegistryErrorEntry | undefined {
  const challenge = parseChallenge(response.headers.get("WWW-Authenticate"));
  if (challenge?.scheme !== "bearer") return undefined;
  const description = challenge.params.error_description;
  switch (challenge.params.error) {
    case "invalid_token":
      return { code: "UNAUTHORIZED", message: description || "authentication required" };
    case "insufficient_scope":
      return { code: "DENIED", message: description || "requested access to the resource is denied" };
    default:
      return undefined;
  }
}

/** The first entry of a `{"errors": [...]}` body, if the body is one. */
export async function firstBodyError(response: Response, url: string): Promise<RegistryErrorEntry | undefined> {
  let text: string;
  try {
    const limit = { maxBytes: maxErrorBodyBytes, tooLarge: () => requestFailed("system", url, "error body too large") };
    text = new TextDecoder().decode(await readBody(response, url, limit));
  } catch {
    return undefined;
  }
  return parseRegistryErrors(text)[0];
}
