import { describe, expect, it } from "vitest";
import { EngineError } from "../../src/api/errors.ts";
import { backoffDelay, retrying, TransientError } from "./retry.ts";

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 };

describe("backoffDelay", () => {
  it("doubles per failure, caps, and jitters between half and all of the step", () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelay(policy, failures, () => 1))).toEqual([100, 200, 300, 300]);
    expect([1, 2, 3, 4].map((failures) => backoffDelay(policy, failures, () => 0))).toEqual([50, 100, 150, 150]);
  });
});

describe("retrying", () => {
  it("retries transient failures with backoff until one succeeds", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retrying(policy, async (ms) => void waits.push(ms), undefined, async () => {
      if (++calls < 3) throw new TransientError("flaky");
      return "ok";
    });
    expect(result).toBe("ok");
    expect(waits).toHaveLength(2);
  });

  it("gives up after the last attempt with the transient error", async () => {
    let calls = 0;
    const attempt = retrying(policy, async () => undefined, undefined, async () => {
      calls++;
      throw new TransientError(`try ${calls}`);
    });
    await expect(attempt).rejects.toThrow("try 4");
    expect(calls).toBe(4);
  });

  it("does not retry a permanent failure", async () => {
    let calls = 0;
    const attempt = retrying(policy, async () => undefined, undefined, async () => {
      calls++;
      throw new EngineError("not-found", "gone");
    });
    await expect(attempt).rejects.toThrow("gone");
    expect(calls).toBe(1);
  });

  it("stops when the signal aborts during a wait", async () => {
    const controller = new AbortController();
    const attempt = retrying(policy, async () => controller.abort(new Error("cancelled")), controller.signal, async () => {
      throw new TransientError("flaky");
    });
    await expect(attempt).rejects.toThrow("cancelled");
  });
});
