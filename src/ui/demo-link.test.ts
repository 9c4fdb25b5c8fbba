import { describe, expect, it } from "vitest";
import { maxLinkCommandLength, maxLinkCommands, parseDemoLink } from "./demo-link.ts";

describe("parseDemoLink", () => {
  it("takes repeated run= commands in order, the query's before the fragment's", () => {
    const search = `?run=${encodeURIComponent("docker run --rm busybox echo linked")}&x=1&run=ls`;
    const hash = `#run=${encodeURIComponent("cat > f <<EOF\nhi\nEOF")}&run=pwd`;
    expect(parseDemoLink(search, hash)).toEqual({ commands: ["docker run --rm busybox echo linked", "ls", "cat > f <<EOF\nhi\nEOF", "pwd"] });
  });

  it("has nothing for a plain address, and ignores a fragment without its keys", () => {
    expect(parseDemoLink("", "")).toEqual({ commands: [] });
    expect(parseDemoLink("?test-hooks", "#top")).toEqual({ commands: [] });
  });

  it("hands out the fragment's shared session as it is", () => {
    expect(parseDemoLink("", "#share=abc_-12")).toEqual({ commands: [], share: "abc_-12" });
  });

  it("refuses a command with an escape sequence or another control character, which could hide what Enter runs", () => {
    expect(() => parseDemoLink(`?run=${encodeURIComponent("echo ok\x1b[2K\rrm -r /")}`, "")).toThrow(/control character \\x1b/);
    expect(() => parseDemoLink(`?run=${encodeURIComponent("ls\rrm x")}`, "")).toThrow(/control character \\x0d/);
    expect(() => parseDemoLink("", `#run=${encodeURIComponent("ls\u009b2J")}`)).toThrow(/control character \\x9b/);
    expect(() => parseDemoLink(`?run=${encodeURIComponent("ls\ttab")}`, "")).toThrow(/control character \\x09/);
  });

  it("refuses too many or too long commands", () => {
    expect(() => parseDemoLink(`?${"run=ls&".repeat(maxLinkCommands + 1)}`, "")).toThrow(/more than 100/);
    expect(() => parseDemoLink(`?run=${"x".repeat(maxLinkCommandLength + 1)}`, "")).toThrow(/longer than/);
    expect(parseDemoLink(`?run=${"x".repeat(maxLinkCommandLength)}`, "").commands[0]).toHaveLength(maxLinkCommandLength);
  });
});
