// Platforms as registries list them in image indexes, and how berth matches them.

import type { Platform } from "./oci-types.ts";

/** The only platform berth's guest can run. */
export const GUEST_PLATFORM: Platform = { os: "linux", architecture: "386" };

/** Why berth needs linux/386, appended to platform errors. */
export const GUEST_PLATFORM_REASON = "berth's guest is a 32-bit x86 (i686) Linux VM, so it can run only linux/386 images";

/** "linux/arm64/v8" */
export function platformName(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

/** Same os and architecture ("i386" counts as "386"); a wanted variant must match too. */
export function matchesPlatform(candidate: Platform, wanted: Platform): boolean {
  const architecture = (name: string) => (name === "i386" ? "386" : name);
  return (
    candidate.os === wanted.os &&
    architecture(candidate.architecture) === architecture(wanted.architecture) &&
    (wanted.variant === undefined || candidate.variant === wanted.variant)
  );
}

/** Attestation manifests (build provenance, SBOMs) sit in indexes as "unknown/unknown". */
export function isAttestationPlatform(platform: Platform): boolean {
  return platform.os === "unknown" && platform.architecture === "unknown";
}
