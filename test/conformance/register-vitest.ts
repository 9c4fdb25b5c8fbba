// Registers a bound conformance suite with vitest: one test per case.

import { describe, it } from "vitest";
import type { BoundSuite } from "./conformance.ts";

export function registerSuite(suite: BoundSuite): void {
  describe(suite.title, () => {
    for (const testCase of suite.cases) it(testCase.name, testCase.run);
  });
}
