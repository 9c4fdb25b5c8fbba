import { describe, expect, it } from "vitest";
import { EngineError } from "../api/errors.ts";
import { describeEngineFailure } from "./engine-failure.ts";
import { createFailureReport, formatRunError, startFailureExitCode } from "./run-failures.ts";

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

describe("createFailureReport", () => {
  it.each<[string, string]>([
    ["no-such-image", "no-such-image:latest"],
    ["busybox:1.36", "busybox:1.36"],
    ["docker.io/library/alpine", "alpine:latest"],
  ])("reports a missing image %s as a failed pull", (image, shown) => {
    const repository = shown.split(":")[0];
    expect(createFailureReport(image, new EngineError("not-found", `No such image: ${image}`))).toBe(
      `Unable to find image '${shown}' locally\n` +
        `docker: Error response from daemon: pull access denied for ${repository}, repository does not exist or may require 'docker login'\n\n` +
        "Run 'docker run --help' for more information\n",
    );
  });

  it("reports other daemon errors with the help hint", () => {
    const message =
      'Conflict. The container name "/web" is already in use by container "4f66ad9a0b2e". You have to remove (or rename) that container to be able to reuse that name.';
    expect(createFailureReport("busybox", new EngineError("conflict", message))).toBe(
      `docker: Error response from daemon: ${message}\n\nRun 'docker run --help' for more information\n`,
    );
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
