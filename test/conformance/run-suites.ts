// Runs bound conformance suites one case at a time, without a test framework, and reports each case.

import type { BoundSuite } from "./conformance.ts";

export interface CaseResult {
  suite: string;
  name: string;
  ok: boolean;
  /** The failure's message and stack, when the case failed. */
  error?: string;
  milliseconds: number;
}

export async function runSuites(suites: BoundSuite[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const suite of suites) {
    for (const testCase of suite.cases) {
      const started = performance.now();
      const outcome = await testCase.run().then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
      results.push({ suite: suite.title, name: testCase.name, ...outcome, milliseconds: Math.round(performance.now() - started) });
    }
  }
  return results;
}
