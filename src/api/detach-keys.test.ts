import { describe, expect, it } from "vitest";
import { DetachKeyScanner, parseDetachKeys } from "./detach-keys.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe("detach keys", () => {
  it("parses Docker's notation", () => {
    expect(parseDetachKeys()).toEqual([0x10, 0x11]);
    expect(parseDetachKeys("ctrl-a,x")).toEqual([0x01, 0x78]);
    expect(parseDetachKeys("ctrl-@")).toEqual([0x00]);
    expect(() => parseDetachKeys("ctrl-1")).toThrow("Invalid detach keys (ctrl-1) provided");
  });

  it("passes ordinary input and detaches on the whole sequence", () => {
    const scanner = new DetachKeyScanner(parseDetachKeys());
    expect(scanner.scan(bytes("ls\r"))).toEqual({ pass: bytes("ls\r"), detach: false });
    const split = scanner.scan(bytes("a\x10"));
    expect([text(split.pass), split.detach]).toEqual(["a", false]);
    const done = scanner.scan(bytes("\x11ignored"));
    expect([text(done.pass), done.detach]).toEqual(["", true]);
  });

  it("lets held-back bytes through when the sequence breaks off", () => {
    const scanner = new DetachKeyScanner(parseDetachKeys());
    expect(text(scanner.scan(bytes("\x10")).pass)).toBe("");
    expect(text(scanner.scan(bytes("q")).pass)).toBe("\x10q");
    expect(text(scanner.scan(bytes("\x10\x10")).pass)).toBe("\x10");
    const end = scanner.scan(bytes("\x11"));
    expect(end.detach).toBe(true);
  });
});
