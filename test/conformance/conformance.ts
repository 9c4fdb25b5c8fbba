// Conformance suites without a test framework: a suite is a list of named cases, each checking one
// part of a store's contract. Node runs them through vitest (register-vitest.ts); the browser
// harness (test/browser/) runs them with run-suites.ts.

/**
 * Opens the case's own store. Calling it again stands for a page reload: a fresh instance on the
 * same storage.
 */
export type OpenStore<Store> = () => Promise<Store>;

export interface ConformanceCase<Store> {
  name: string;
  run(open: OpenStore<Store>): Promise<void>;
}

/** Opens the store kept at `location`, a name usable as a database name or a directory name. */
export type OpenStoreAt<Store> = (location: string) => Store | Promise<Store>;

/** A suite's cases bound to one backend, each with its own location. */
export interface BoundSuite {
  title: string;
  cases: { name: string; run(): Promise<void> }[];
}

export function bindSuite<Store>(title: string, cases: ConformanceCase<Store>[], openAt: OpenStoreAt<Store>, locationPrefix: string): BoundSuite {
  const names = new Set(cases.map((testCase) => testCase.name));
  if (names.size !== cases.length) throw new Error(`${title}: case names must be unique`);
  return {
    title,
    cases: cases.map((testCase, index) => {
      const location = `${locationPrefix}-${index}`;
      return { name: testCase.name, run: () => testCase.run(async () => openAt(location)) };
    }),
  };
}
