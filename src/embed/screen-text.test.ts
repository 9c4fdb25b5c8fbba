import { describe, expect, it } from "vitest";
import { ScreenText } from "./screen-text.ts";

const shown = (...writes: string[]) => {
  const screen = new ScreenText();
  writes.forEach((text) => screen.write(text));
  return screen.text;
};

describe("ScreenText", () => {
  it("keeps lines and drops colours", () => {
    expect(shown("\x1b[1;32mhello\x1b[0m\nworld\n")).toBe("hello\nworld\n");
  });

  it("overwrites on carriage return and erases lines as the pull progress rewrites them", () => {
    expect(shown("a: Waiting\nb: Waiting\n", "\x1b[2A\x1b[2K\ra: Pull complete\r\x1b[2B", "done\n")).toBe("a: Pull complete\nb: Waiting\ndone\n");
    expect(shown("50%\r100%\n")).toBe("100%\n");
    expect(shown("abcdef\r\x1b[3C\x1b[K!\n")).toBe("abc!\n");
  });

  it("completes an escape sequence split across writes", () => {
    expect(shown("red \x1b[3", "1mtext\x1b", "[0m end")).toBe("red text end");
  });

  it("lets the oldest lines go beyond its limit", () => {
    const screen = new ScreenText(3);
    screen.write("1\n2\n3\n4\n5");
    expect(screen.text).toBe("3\n4\n5");
  });
});
