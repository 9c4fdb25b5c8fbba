import { describe, expect, it } from "vitest";
import { bundleServiceWorker } from "./service-worker-bundle.ts";

describe("the service worker's bundle", () => {
  it("is one classic script (no imports) that handles fetches", async () => {
    const code = await bundleServiceWorker();
    // A classic script parses as a function body; an import statement would not.
    expect(() => new Function(code)).not.toThrow();
    expect(code).toMatch(/addEventListener\(\s*[`"']fetch[`"']/);
    expect(code).toContain("/ports/");
  });

  it("carries the build's precache list, so each version of the app has bytes of its own", async () => {
    const precache = { version: "0123456789abcdef", entries: [{ path: "assets/index-Bx1a.js" }, { path: "index.html", sha256: "f".repeat(64) }] };
    const code = await bundleServiceWorker(precache);
    expect(() => new Function(code)).not.toThrow();
    expect(code).toContain("0123456789abcdef");
    expect(code).toContain("assets/index-Bx1a.js");
    expect(code).not.toContain("__BERTH_PRECACHE__");
    expect(await bundleServiceWorker({ ...precache, version: "fedcba9876543210" })).not.toBe(code);
  });
});
