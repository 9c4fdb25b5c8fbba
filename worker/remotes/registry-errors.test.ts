import { describe, expect, it } from "vitest";
import { parseImageReference, withDefaultTag } from "../images/reference.ts";
import {
  layerVerificationFailed,
  manifestNotFound,
  noMatchingManifest,
  platformMismatch,
  proxyRefused,
  pullAccessDenied,
  registryErrorText,
  schema1Unsupported,
} from "./registry-errors.ts";

const reference = (text: string) => withDefaultTag(parseImageReference(text));
const linux386 = { os: "linux", architecture: "386" };
const why = "berth's guest is a 32-bit x86 (i686) Linux VM, so it can run only linux/386 images";

describe("registry error messages", () => {
  it("prints registry errors as Go's distribution client does", () => {
    expect(registryErrorText({ code: "MANIFEST_UNKNOWN", message: "manifest unknown" })).toBe("manifest unknown: manifest unknown");
    expect(registryErrorText({ code: "TOOMANYREQUESTS", message: "" })).toBe("toomanyrequests");
  });

  it("names an unknown tag with the familiar reference", () => {
    const error = manifestNotFound(reference("debian:nope"), { code: "MANIFEST_UNKNOWN", message: "manifest unknown" });
    expect(error.code).toBe("not-found");
    expect(error.message).toBe("manifest for debian:nope not found: manifest unknown: manifest unknown");
    expect(manifestNotFound(reference("127.0.0.1:5000/x:tag"), { code: "MANIFEST_UNKNOWN", message: "m" }).message).toBe(
      "manifest for 127.0.0.1:5000/x:tag not found: manifest unknown: m",
    );
  });

  it("names a denied repository by its familiar name", () => {
    const denied = { code: "DENIED", message: "requested access to the resource is denied" };
    const error = pullAccessDenied(reference("someone/private:1"), denied);
    expect(error.code).toBe("not-found");
    expect(error.message).toBe(
      "pull access denied for someone/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(pullAccessDenied(reference("127.0.0.1:5000/no-such-repo"), denied).message).toMatch(/^pull access denied for 127\.0\.0\.1:5000\/no-such-repo,/);
  });

  it("passes the proxy's refusal on", () => {
    const error = proxyRefused("http://app.test/registry/evil.example/v2/x/manifests/latest", {
      code: "DENIED",
      message: "registry host evil.example is not on the proxy's allowlist",
    });
    expect(error.code).toBe("forbidden");
    expect(error.message).toBe(
      `Get "http://app.test/registry/evil.example/v2/x/manifests/latest": denied: registry host evil.example is not on the proxy's allowlist`,
    );
  });

  it("lists the platforms an index offers and says why linux/386 is needed", () => {
    const error = noMatchingManifest(linux386, ["linux/amd64", "linux/arm64/v8"]);
    expect(error.code).toBe("not-found");
    expect(error.message).toBe(
      `no matching manifest for linux/386 in the manifest list entries (the image is built for linux/amd64, linux/arm64/v8); ${why}`,
    );
  });

  it("names the platform of a single-platform image", () => {
    const error = platformMismatch(reference("debian"), linux386, { os: "linux", architecture: "amd64" });
    expect(error.message).toBe(
      `image with reference debian:latest was found but does not match the specified platform: wanted linux/386, actual: linux/amd64; ${why}`,
    );
  });

  it("explains that schema 1 images must be re-pushed", () => {
    const error = schema1Unsupported(reference("old/image:1"));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/^old\/image:1 has a Docker image manifest version 2, schema 1, which is not supported: .*re-pushed/);
  });

  it("words a layer that fails verification as Docker does", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    expect(layerVerificationFailed(digest).message).toBe(`filesystem layer verification failed for digest ${digest}`);
  });
});
