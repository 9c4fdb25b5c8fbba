import { describe, expect, it } from "vitest";
import { commandFailureExitCode } from "./start-failure.ts";

describe("exit codes of a process that could not start", () => {
  it.each<[string, number | undefined]>([
    ['exec: "nope": executable file not found in $PATH', 127],
    ["executable file `nope` not found in $PATH: No such file or directory", 127],
    ["open `/missing`: No such file or directory", 127],
    ["exec `/etc/passwd`: Permission denied", 126],
    ["exec: \"/tmp\": is a directory", 126],
    ["cgroup: no space left on device", undefined],
  ])("%s", (message, code) => {
    expect(commandFailureExitCode(message)).toBe(code);
  });
});
