// The Docker daemon's messages for pull failures (the CLI prefixes "Error response from daemon: "),
// as EngineErrors. Registry errors print as Go's distribution client prints them: "<code text>: <message>".

import { EngineError, type EngineErrorCode } from "../../src/api/errors.ts";
import type { Platform } from "../images/oci-types.ts";
import { familiarName, familiarString, type ImageReference } from "../images/reference.ts";
import { GUEST_PLATFORM_REASON, platformName } from "../images/platform.ts";

/** One entry of a registry's `{"errors": [{code, message}]}` body. */
export interface RegistryErrorEntry {
  /** "MANIFEST_UNKNOWN", "DENIED", … */
  code: string;
  message: string;
}

/** The entries of a registry's `{"errors": [...]}` body; none when the text is not one. */
export function parseRegistryErrors(text: string): RegistryErrorEntry[] {
  let errors: unknown;
  try {
    errors = (JSON.parse(text) as { errors?: unknown }).errors;
  } catch {
    return [];
  }
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { code, message } = entry as { code?: unknown; message?: unknown };
    return typeof code === "string" ? [{ code, message: typeof message === "string" ? message : "" }] : [];
  });
}

/** "manifest unknown: manifest unknown", "denied: requested access to the resource is denied". */
export function registryErrorText(entry: RegistryErrorEntry): string {
  const code = entry.code.toLowerCase().replaceAll("_", " ");
  return entry.message === "" ? code : `${code}: ${entry.message}`;
}

/** Go's wording for a failed request: `Get "<url>": <reason>` (`Patch "<url>"`, … for other methods). */
export function requestFailedMessage(url: string, reason: string, method = "GET"): string {
  return `${method.charAt(0)}${method.slice(1).toLowerCase()} "${url}": ${reason}`;
}

export function requestFailed(code: EngineErrorCode, url: string, reason: string): EngineError {
  return new EngineError(code, requestFailedMessage(url, reason));
}

/** For an error status without a registry error body. */
export function unexpectedStatusText(response: Response): string {
  return `received unexpected HTTP status: ${`${response.status} ${response.statusText}`.trim()}`;
}

export function manifestNotFound(reference: ImageReference, entry: RegistryErrorEntry): EngineError {
  return new EngineError("not-found", `manifest for ${familiarString(reference)} not found: ${registryErrorText(entry)}`);
}

export function pullAccessDenied(reference: ImageReference, entry: RegistryErrorEntry): EngineError {
  return new EngineError(
    "not-found",
    `pull access denied for ${familiarName(reference)}, repository does not exist or may require 'docker login': ${registryErrorText(entry)}`,
  );
}

/** The registry proxy refused the request itself (allowlist, private address). */
export function proxyRefused(url: string, entry: RegistryErrorEntry): EngineError {
  return requestFailed("forbidden", url, registryErrorText(entry));
}

/** The registry wants a login (Basic authentication) and none was given: Docker's words. */
export function loginRequired(url: string): EngineError {
  return requestFailed("unauthorized", url, "no basic auth credentials");
}

export function noMatchingManifest(wanted: Platform, available: readonly string[]): EngineError {
  const offered = available.length === 0 ? "the image lists no platforms" : `the image is built for ${available.join(", ")}`;
  return new EngineError(
    "not-found",
    `no matching manifest for ${platformName(wanted)} in the manifest list entries (${offered}); ${GUEST_PLATFORM_REASON}`,
  );
}

export function platformMismatch(reference: ImageReference, wanted: Platform, actual: Platform): EngineError {
  return new EngineError(
    "not-found",
    `image with reference ${familiarString(reference)} was found but does not match the specified platform: ` +
      `wanted ${platformName(wanted)}, actual: ${platformName(actual)}; ${GUEST_PLATFORM_REASON}`,
  );
}

export function schema1Unsupported(reference: ImageReference): EngineError {
  return new EngineError(
    "invalid",
    `${familiarString(reference)} has a Docker image manifest version 2, schema 1, which is not supported: ` +
      "the image must be re-pushed with a current client, which writes schema 2 or OCI manifests",
  );
}

export function manifestVerificationFailed(digest: string): EngineError {
  return new EngineError("invalid", `manifest verification failed for digest ${digest}`);
}

export function configVerificationFailed(digest: string): EngineError {
  return new EngineError("invalid", `image config verification failed for digest ${digest}`);
}

export function layerVerificationFailed(digest: string): EngineError {
  return new EngineError("invalid", `filesystem layer verification failed for digest ${digest}`);
}
