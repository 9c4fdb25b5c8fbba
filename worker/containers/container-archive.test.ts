import { describe, expect, it } from "vitest";
import { goFileMode } from "./container-archive.ts";

describe("Go file modes from Linux modes", () => {
  it.each<[string, number, number]>([
    ["a file", 0o100644, 0o644],
    ["a directory", 0o040755, 2 ** 31 + 0o755],
    ["a symlink", 0o120777, 2 ** 27 + 0o777],
    ["a setuid file", 0o104755, 2 ** 23 + 0o755],
    ["a sticky directory", 0o041777, 2 ** 31 + 2 ** 20 + 0o777],
    ["a character device", 0o020666, 2 ** 26 + 2 ** 21 + 0o666],
  ])("%s", (_name, linuxMode, goMode) => {
    expect(goFileMode(linuxMode)).toBe(goMode);
  });
});
