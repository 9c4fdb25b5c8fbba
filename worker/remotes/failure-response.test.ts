import { describe, expect, it } from "vitest";
import { parseImageReference, withDefaultTag } from "../images/reference.ts";
import { failureFor, type RequestKind } from "./failure-response.ts";
import { TransientError } from "./retry.ts";

const reference = withDefaultTag(parseImageReference("registry.test/team/app:1"));
const url = "https://registry.test/v2/team/app/manifests/1";

function errorResponse(status: number, errors?: { code: string; message: string }[], headers: Record<string, string> = {}): Response {
  return new Response(errors === undefined ? null : JSON.stringify({ errors }), { status, headers });
}

async function failure(response: Response, kind: RequestKind = "manifest") {
  const error = await failureFor(response, url, reference, kind);
  return { code: error.code, message: error.message, transient: error instanceof TransientError };
}

const denied = "pull access denied for registry.test/team/app, repository does not exist or may require 'docker login'";

describe("failureFor", () => {
  it("maps an unknown manifest, with or without an error body", async () => {
    expect(await failure(errorResponse(404, [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }]))).toEqual({
      code: "not-found",
      message: "manifest for registry.test/team/app:1 not found: manifest unknown: manifest unknown",
      transient: false,
    });
    expect((await failure(errorResponse(404))).message).toBe("manifest for registry.test/team/app:1 not found: manifest unknown: manifest unknown");
  });

  it("maps unknown and denied repositories to pull access denied", async () => {
    expect((await failure(errorResponse(404, [{ code: "NAME_UNKNOWN", message: "repository name not known to registry" }]))).message).toBe(
      `${denied}: name unknown: repository name not known to registry`,
    );
    expect(await failure(errorResponse(403, [{ code: "DENIED", message: "requested access to the resource is denied" }]))).toEqual({
      code: "not-found",
      message: `${denied}: denied: requested access to the resource is denied`,
      transient: false,
    });
    expect((await failure(errorResponse(401))).message).toBe(`${denied}: unauthorized: authentication required`);
  });

  it("prefers the error in a Bearer challenge, as Docker does", async () => {
    const challenge = 'Bearer realm="https://auth.test/token",service="s",scope="repository:team/app:pull",error="insufficient_scope"';
    const response = errorResponse(401, [{ code: "UNAUTHORIZED", message: "authentication required" }], { "WWW-Authenticate": challenge });
    expect((await failure(response)).message).toBe(`${denied}: denied: requested access to the resource is denied`);
  });

  it("surfaces the registry proxy's own refusal", async () => {
    const refusal = [{ code: "DENIED", message: "10.1.2.3 is a private address" }];
    expect(await failure(errorResponse(403, refusal))).toEqual({
      code: "forbidden",
      message: `Get "${url}": denied: 10.1.2.3 is a private address`,
      transient: false,
    });
  });

  it("marks 5xx and 429 as transient", async () => {
    expect(await failure(new Response("oops", { status: 503, statusText: "Service Unavailable" }))).toEqual({
      code: "unavailable",
      message: `Get "${url}": received unexpected HTTP status: 503 Service Unavailable`,
      transient: true,
    });
    const limited = await failure(errorResponse(429, [{ code: "TOOMANYREQUESTS", message: "You have reached your pull rate limit." }]));
    expect(limited).toMatchObject({ message: `Get "${url}": toomanyrequests: You have reached your pull rate limit.`, transient: true });
    expect(await failure(errorResponse(504, [{ code: "UNAVAILABLE", message: "upstream did not answer in time" }]))).toMatchObject({
      message: `Get "${url}": unavailable: upstream did not answer in time`,
      transient: true,
    });
  });

  it("reports other failures with the URL", async () => {
    expect(await failure(errorResponse(404, [{ code: "BLOB_UNKNOWN", message: "blob unknown to registry" }]), "blob")).toEqual({
      code: "not-found",
      message: `Get "${url}": blob unknown: blob unknown to registry`,
      transient: false,
    });
    expect(await failure(errorResponse(413, [{ code: "SIZE_INVALID", message: "too big" }]), "blob")).toMatchObject({ code: "system" });
  });
});
