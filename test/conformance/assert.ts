// The few assertions the conformance suites need, without a test framework, so the same suites run
// under vitest in Node and as plain modules in a browser.

import { isEngineError, type EngineError, type EngineErrorCode } from "../../src/api/errors.ts";

export class AssertionError extends Error {
  override readonly name = "AssertionError";
}

function show(value: unknown): string {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `${value.constructor.name}(${value.byteLength} bytes)`;
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Same value (Object.is). */
export function assertEqual<T>(actual: T, expected: T, what = "value"): void {
  if (!Object.is(actual, expected)) throw new AssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/**
 * Same structure: bytes of typed arrays and ArrayBuffers, items of arrays, own properties of other
 * objects (a property holding undefined counts as absent, since JSON storage drops it).
 */
export function assertDeepEqual(actual: unknown, expected: unknown, what = "value"): void {
  const difference = differenceAt(actual, expected, what);
  if (difference !== undefined) throw new AssertionError(difference);
}

/** Awaits a promise that must reject with an EngineError of `code`, and returns the error. */
export async function assertRejectsWithCode(promise: Promise<unknown>, code: EngineErrorCode): Promise<EngineError> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new AssertionError(`expected a rejection with code ${code}, got the value ${show(outcome.value)}`);
  if (!isEngineError(outcome.error)) throw new AssertionError(`expected an EngineError with code ${code}, got ${String(outcome.error)}`);
  assertEqual(outcome.error.code, code, `code of "${outcome.error.message}"`);
  return outcome.error;
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** A description of the first difference, or undefined when there is none. */
function differenceAt(actual: unknown, expected: unknown, path: string): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  const mismatch = `${path}: expected ${show(expected)}, got ${show(actual)}`;
  const expectedBytes = bytesOf(expected);
  if (expectedBytes) {
    const actualBytes = bytesOf(actual);
    if (!actualBytes) return mismatch;
    if (actualBytes.length !== expectedBytes.length) return `${path}: expected ${expectedBytes.length} bytes, got ${actualBytes.length}`;
    const index = expectedBytes.findIndex((byte, position) => byte !== actualBytes[position]);
    return index < 0 ? undefined : `${path}: byte ${index} is ${actualBytes[index]}, expected ${expectedBytes[index]}`;
  }
  if (typeof expected !== "object" || expected === null || typeof actual !== "object" || actual === null) return mismatch;
  if (Array.isArray(expected) !== Array.isArray(actual) || bytesOf(actual)) return mismatch;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`;
    for (const [index, item] of expected.entries()) {
      const difference = differenceAt(actual[index], item, `${path}[${index}]`);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  const definedKeys = (object: object) => Object.keys(object).filter((key) => (object as Record<string, unknown>)[key] !== undefined);
  const keys = new Set([...definedKeys(expected), ...definedKeys(actual)]);
  for (const key of keys) {
    const difference = differenceAt((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    if (difference !== undefined) return difference;
  }
  return undefined;
}
