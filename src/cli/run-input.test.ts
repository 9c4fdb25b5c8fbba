import { describe, expect, it } from "vitest";
import { interpretInput, type InputAction, type InputMode } from "./run-input.ts";

const it_: InputMode = { interactive: true, tty: true };
const i: InputMode = { interactive: true, tty: false };
const t: InputMode = { interactive: false, tty: true };
const none: InputMode = { interactive: false, tty: false };

const stdin = (data: string): InputAction => ({ kind: "stdin", data });
const interrupt: InputAction = { kind: "interrupt" };
const closeStdin: InputAction = { kind: "close-stdin" };

describe("interpretInput", () => {
  it.each<[string, InputMode, string, InputAction[]]>([
    ["-it", it_, "ls\r", [stdin("ls\r")]],
    ["-it", it_, "\x03", [stdin("\x03")]],
    ["-it", it_, "\x04", [stdin("\x04")]],
    ["-it", it_, "\x1b[A", [stdin("\x1b[A")]],
    ["-i", i, "echo hi\r", [stdin("echo hi\n")]],
    ["-i", i, "a\rb\r", [stdin("a\nb\n")]],
    ["-i", i, "\x03", [interrupt]],
    ["-i", i, "ab\x03cd", [stdin("ab"), interrupt, stdin("cd")]],
    ["-i", i, "\x04", [closeStdin]],
    ["-i", i, "last\x04", [stdin("last"), closeStdin]],
    ["-t", t, "ls\r", []],
    ["-t", t, "\x03", [interrupt]],
    ["no flags", none, "typing", []],
    ["no flags", none, "x\x03\x03", [interrupt, interrupt]],
    ["no flags", none, "\x04", []],
  ])("with %s, %j", (_flags, mode, data, actions) => {
    expect(interpretInput(data, mode)).toEqual(actions);
  });
});
