import { describe, expect, it } from "vitest";
import { EngineError } from "../api/errors.ts";
import { describeEngineFailure } from "./engine-failure.ts";
import { formatRunError, startFailureExitCode } from "./run-failures.ts";

describe("describeEngineFailure", () => {
  it.each<[unknown, string]>([
    [new EngineError("not-found", "No such container: web"), "Error response from daemon: No such container: web"],
    [new Error("worker terminated"), "worker terminated"],
    ["plain", "plain"],
  ])("%s", (error, text) => {
    expect(describeEngineFailure(error)).toBe(text);
  });
});

describe("formatRunError", () => {
  it("adds docker run's help hint when asked", () => {
    expect(formatRunError("boom", true)).toBe("docker: boom\n\nRun 'docker run --help' for more information\n");
    expect(formatRunError("boom", false)).toBe("docker: boom\n");
  });
});

describe("startFailureExitCode", () => {
  it.each<[string, number]>([
    ['exec: "nope": executable file not found in $PATH', 127],
    ["exec /bin/missing: no such file or directory", 127],
    ["exec /etc/passwd: permission denied", 126],
    ["exec /tmp: is a directory", 126],
    ["cannot start container: out of memory", 125],
  ])("%s → %d", (message, code) => {
    expect(startFailureExitCode(new EngineError("system", message))).toBe(code);
  });
});
