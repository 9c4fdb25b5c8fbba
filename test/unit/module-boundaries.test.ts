// Lint: the page never touches v86 or IndexedDB, and the worker never reaches into the page.
// (The worker's tsconfig has no DOM lib, so the compiler already rejects DOM use there.)

import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const repoRoot = new URL("../..", import.meta.url).pathname;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

interface Usage {
  imports: string[];
  identifiers: Set<string>;
}

function usage(path: string): Usage {
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const identifiers = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier && ts.isStringLiteral(specifier)) imports.push(specifier.text);
    }
    if (ts.isIdentifier(node)) identifiers.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, identifiers };
}

const pageDirectories = ["src/ui", "src/cli", "src/shell", "src/api", "src/tar", "src/remote-engine", "src/service-worker"];
const pageFiles = [...pageDirectories.flatMap((directory) => sourceFiles(join(repoRoot, directory))), join(repoRoot, "src/main.ts")];
const workerFiles = sourceFiles(join(repoRoot, "worker"));
const storageIdentifiers = ["indexedDB", "IDBFactory", "IDBDatabase", "IDBObjectStore", "IDBTransaction"];

describe("module boundaries", () => {
  it.each(pageFiles.map((path) => [relative(repoRoot, path), path]))("%s does not touch v86 or IndexedDB", (_name, path) => {
    const { imports, identifiers } = usage(path);
    expect(imports.filter((specifier) => /^(v86|idb-keyval)(\/|$)/.test(specifier) || specifier.includes("/worker/"))).toEqual([]);
    expect(storageIdentifiers.filter((name) => identifiers.has(name))).toEqual([]);
  });

  it.each(workerFiles.map((path) => [relative(repoRoot, path), path]))("%s does not reach into the page", (_name, path) => {
    const { imports } = usage(path);
    expect(imports.filter((specifier) => /\/src\/(ui|cli)\//.test(specifier) || specifier.startsWith("@xterm/"))).toEqual([]);
  });
});
