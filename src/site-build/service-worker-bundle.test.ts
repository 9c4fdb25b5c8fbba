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
});
