import { describe, expect, it } from "vitest";
import { goQuote } from "./go-quote.ts";

describe("goQuote", () => {
  it.each<[string, string]>([
    ["", '""'],
    ["sh", '"sh"'],
    ["sh -c 'exit 3'", `"sh -c 'exit 3'"`],
    ['echo "hi"', '"echo \\"hi\\""'],
    ["a\\b", '"a\\\\b"'],
    ["tab\there", '"tab\\there"'],
    ["new\nline", '"new\\nline"'],
    ["bell\x07\x01\x7f", '"bell\\a\\x01\\x7f"'],
    ["sleep…", '"sleep…"'],
    ["héllo", '"héllo"'],
  ])("%j", (text, quoted) => {
    expect(goQuote(text)).toBe(quoted);
  });
});
