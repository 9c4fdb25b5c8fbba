import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InterruptEscalation, type StopSignal } from "./interrupt-escalation.ts";

describe("InterruptEscalation", () => {
  let sent: StopSignal[];
  let escalation: InterruptEscalation;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    escalation = new InterruptEscalation((signal) => sent.push(signal), 1000);
  });

  afterEach(() => {
    escalation.dispose();
    vi.useRealTimers();
  });

  it("sends SIGINT on the first Ctrl-C", () => {
    escalation.interrupt();
    expect(sent).toEqual(["SIGINT"]);
  });

  it("sends SIGKILL when the container is still running a second later", () => {
    escalation.interrupt();
    vi.advanceTimersByTime(999);
    expect(sent).toEqual(["SIGINT"]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(["SIGINT", "SIGKILL"]);
  });

  it("sends SIGKILL at once on a second Ctrl-C, and only once", () => {
    escalation.interrupt();
    escalation.interrupt();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual(["SIGINT", "SIGKILL"]);
  });

  it("sends nothing more once disposed", () => {
    escalation.interrupt();
    escalation.dispose();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual(["SIGINT"]);
  });
});
