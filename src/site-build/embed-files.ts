// Which files of a build only the embed loads: embed.js with the modules it imports, and the engine
// frame (embed/frame.html) with what only it imports. A page that already has the app cached adds
// these for its examples; the app's first visit does not download them.

export interface BundleFile {
  type: "chunk" | "asset";
  isEntry?: boolean;
  name?: string;
  imports?: readonly string[];
  dynamicImports?: readonly string[];
  viteMetadata?: { importedCss: ReadonlySet<string>; importedAssets: ReadonlySet<string> };
}

export const embedScriptFile = "embed.js";
export const embedFrameFile = "embed/frame.html";
const embedEntries = ["embed", "frame"];

/** The files `start` loads: itself, its imports (also dynamic ones), their CSS and assets, and so on. */
function closure(bundle: Readonly<Record<string, BundleFile>>, start: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const file = bundle[name];
    if (!file || file.type !== "chunk") return;
    for (const next of [...(file.imports ?? []), ...(file.dynamicImports ?? [])]) visit(next);
    for (const next of [...(file.viteMetadata?.importedCss ?? []), ...(file.viteMetadata?.importedAssets ?? [])]) visit(next);
  };
  for (const name of start) visit(name);
  return seen;
}

/** The embed's own files in `bundle` (file name → output, as vite's writeBundle hands it). */
export function embedOnlyFiles(bundle: Readonly<Record<string, BundleFile>>): Set<string> {
  const entries = Object.entries(bundle).filter(([, file]) => file.type === "chunk" && file.isEntry);
  const embed = entries.filter(([, file]) => embedEntries.includes(file.name ?? "")).map(([name]) => name);
  const app = entries.filter(([, file]) => !embedEntries.includes(file.name ?? "")).map(([name]) => name);
  const appFiles = closure(bundle, app);
  const files = [...closure(bundle, embed)].filter((name) => !appFiles.has(name));
  if (embedFrameFile in bundle) files.push(embedFrameFile);
  return new Set(files);
}
