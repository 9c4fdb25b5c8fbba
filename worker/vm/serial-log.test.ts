import { describe, expect, it } from "vitest";
import { SerialLog } from "./serial-log.ts";

function feed(log: SerialLog, text: string): string[] {
  const lines: string[] = [];
  for (const byte of new TextEncoder().encode(text)) {
    const line = log.push(byte);
    if (line !== undefined) lines.push(line);
  }
  return lines;
}

describe("SerialLog", () => {
  it("returns completed lines without line endings", () => {
    const log = new SerialLog();
    expect(feed(log, "Linux version 6.1\r\nRun /init\npartial")).toEqual(["Linux version 6.1", "Run /init"]);
    expect(feed(log, " line\n")).toEqual(["partial line"]);
  });

  it("decodes UTF-8 lines", () => {
    expect(feed(new SerialLog(), "héllo ✓\n")).toEqual(["héllo ✓"]);
  });

  it("keeps only the most recent bytes", () => {
    const log = new SerialLog(16);
    feed(log, "0123456789abcdefXYZ");
    expect(log.text()).toBe("3456789abcdefXYZ");
  });

  it("returns the last lines", () => {
    const log = new SerialLog();
    feed(log, "one\r\ntwo\nthree\nfour\n");
    expect(log.tail(2)).toBe("three\nfour");
    expect(log.tail(10)).toBe("one\ntwo\nthree\nfour");
  });
});
