import { describe, expect, it } from "vitest";
import { embedOnlyFiles, type BundleFile } from "./embed-files.ts";

const chunk = (fields: Partial<BundleFile>): BundleFile => ({ type: "chunk", imports: [], dynamicImports: [], ...fields });
const none = { importedCss: new Set<string>(), importedAssets: new Set<string>() };

describe("embedOnlyFiles", () => {
  it("takes embed.js, the frame and what only they import; leaves what the app imports too", () => {
    const bundle: Record<string, BundleFile> = {
      "index.html": { type: "asset" },
      "embed/frame.html": { type: "asset" },
      "assets/index-1.js": chunk({ isEntry: true, name: "index", imports: ["assets/cli-2.js"], dynamicImports: ["assets/lazy-3.js"], viteMetadata: { importedCss: new Set(["assets/index-4.css"]), importedAssets: new Set() } }),
      "assets/cli-2.js": chunk({ viteMetadata: none }),
      "assets/lazy-3.js": chunk({}),
      "assets/index-4.css": { type: "asset" },
      "assets/frame-5.js": chunk({ isEntry: true, name: "frame", imports: ["assets/cli-2.js", "assets/frame-only-6.js"] }),
      "assets/frame-only-6.js": chunk({}),
      "embed.js": chunk({ isEntry: true, name: "embed", imports: ["assets/shell-7.js"] }),
      "assets/shell-7.js": chunk({ imports: ["assets/lazy-3.js"] }),
    };
    expect([...embedOnlyFiles(bundle)].sort()).toEqual(["assets/frame-5.js", "assets/frame-only-6.js", "assets/shell-7.js", "embed.js", "embed/frame.html"]);
  });
});
