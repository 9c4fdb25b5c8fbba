import { describe, expect, it } from "vitest";
import { EngineError } from "../../src/api/errors.ts";
import { assertDeepEqual, assertEqual, assertRejectsWithCode } from "./assert.ts";

describe("the conformance assertions", () => {
  it("compare values with Object.is", () => {
    expect(() => assertEqual(1, 1)).not.toThrow();
    expect(() => assertEqual<unknown>(1, "1", "size")).toThrow('size: expected "1", got 1');
  });

  it("compare bytes of typed arrays and buffers, naming the first difference", () => {
    expect(() => assertDeepEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3).buffer)).not.toThrow();
    expect(() => assertDeepEqual(Uint8Array.of(1, 2, 3).subarray(1), Uint8Array.of(2, 3))).not.toThrow();
    expect(() => assertDeepEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 9, 3), "read")).toThrow("read: byte 1 is 2, expected 9");
    expect(() => assertDeepEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toThrow("expected 3 bytes, got 2");
    expect(() => assertDeepEqual([1, 2], Uint8Array.of(1, 2))).toThrow();
  });

  it("compare arrays and objects deeply, taking a property holding undefined as absent", () => {
    expect(() => assertDeepEqual({ a: [1, { b: "x" }], c: undefined }, { a: [1, { b: "x" }] })).not.toThrow();
    expect(() => assertDeepEqual({ a: [1, { b: "x" }] }, { a: [1, { b: "y" }] }, "record")).toThrow('record.a[1].b: expected "y", got "x"');
    expect(() => assertDeepEqual({ a: 1 }, { a: 1, b: 2 })).toThrow("value.b: expected 2, got undefined");
    expect(() => assertDeepEqual([1], [1, 2])).toThrow("expected 2 items, got 1");
    expect(() => assertDeepEqual(undefined, {})).toThrow();
  });

  it("expect a rejection with an EngineError of the given code", async () => {
    const error = await assertRejectsWithCode(Promise.reject(new EngineError("not-found", "gone")), "not-found");
    expect(error.message).toBe("gone");
    await expect(assertRejectsWithCode(Promise.resolve(1), "not-found")).rejects.toThrow("got the value 1");
    await expect(assertRejectsWithCode(Promise.reject(new Error("plain")), "invalid")).rejects.toThrow("expected an EngineError");
    await expect(assertRejectsWithCode(Promise.reject(new EngineError("invalid", "bad")), "not-found")).rejects.toThrow('code of "bad"');
  });
});
