// The storage conformance suites in real Chromium: the IndexedDB backends run in a dedicated worker
// on the browser's own IndexedDB (test/browser/conformance.html), and each case is its own test here.

import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSuites } from "../browser/browser-suites.ts";
import type { CaseResult } from "../conformance/run-suites.ts";
import type { RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { startHarnessServer } from "./harness-server.ts";

const caseKey = (suite: string, name: string) => `${suite} › ${name}`;
const expectedSuites = browserSuites("expected");
const results = new Map<string, CaseResult[]>();

let server: RunningApp;
let browser: BrowserContext;

beforeAll(async () => {
  server = await startHarnessServer();
  browser = await launchBrowser();
  const page = await browser.newPage();
  const pageFailed = new Promise<never>((_, reject) => page.once("pageerror", reject));
  pageFailed.catch(() => undefined); // after the results are in, a page error is not this test's concern
  await page.goto(`${server.url}test/browser/conformance.html`);
  const published = page.waitForFunction(() => window.conformanceResults ?? window.conformanceError, undefined, { timeout: 150_000 });
  await Promise.race([published, pageFailed]);
  const outcome = await page.evaluate(() => ({ results: window.conformanceResults, error: window.conformanceError }));
  if (outcome.error !== undefined) throw new Error(`the conformance worker failed: ${outcome.error}`);
  for (const result of outcome.results ?? []) {
    const key = caseKey(result.suite, result.name);
    results.set(key, [...(results.get(key) ?? []), result]);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("storage conformance in Chromium (IndexedDB in a dedicated worker)", () => {
  for (const suite of expectedSuites) {
    describe(suite.title, () => {
      for (const { name } of suite.cases) {
        it(name, () => {
          const [result, ...repeats] = results.get(caseKey(suite.title, name)) ?? [];
          if (!result) throw new Error("this case did not run in the browser");
          expect(repeats, "further runs of this case").toEqual([]);
          if (!result.ok) throw new Error(result.error);
        });
      }
    });
  }

  it("runs no case beyond the expected ones", () => {
    const expected = new Set(expectedSuites.flatMap((suite) => suite.cases.map(({ name }) => caseKey(suite.title, name))));
    expect([...results.keys()].filter((key) => !expected.has(key))).toEqual([]);
  });
});
