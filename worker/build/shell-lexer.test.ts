import { describe, expect, it } from "vitest";
import { expandWord, expandWords, splitWords } from "./shell-lexer.ts";

const variables = new Map([
  ["NAME", "world"],
  ["EMPTY", ""],
  ["PORTS", "80 443"],
]);
const expand = (word: string, escape?: string) => expandWord(word, variables, escape).value;

describe("Docker's word expansion", () => {
  it("substitutes $NAME and ${NAME}, and leaves unknown names empty", () => {
    expect(expand("hello $NAME")).toBe("hello world");
    expect(expand("${NAME}s")).toBe("worlds");
    expect(expand("$MISSING/x")).toBe("/x");
    expect(expand("cost: $")).toBe("cost: $");
  });

  it("applies the :-, -, :+, + and :? modifiers", () => {
    expect(expand("${MISSING:-default}")).toBe("default");
    expect(expand("${EMPTY:-default}")).toBe("default");
    expect(expand("${EMPTY-default}")).toBe("");
    expect(expand("${NAME:+set}")).toBe("set");
    expect(expand("${EMPTY:+set}")).toBe("");
    expect(expand("${EMPTY+set}")).toBe("set");
    expect(expand("${MISSING:-$NAME}")).toBe("world");
    expect(() => expand("${MISSING:?must be given}")).toThrow("MISSING: must be given");
    expect(() => expand("${NAME")).toThrow("missing '}'");
  });

  it("keeps single-quoted text literal and expands inside double quotes", () => {
    expect(expand("'$NAME'")).toBe("$NAME");
    expect(expand('"hi $NAME"')).toBe("hi world");
    expect(expand('"a \\"b\\" \\$NAME \\n"')).toBe('a "b" $NAME \\n');
    expect(expand("\\$NAME")).toBe("$NAME");
    expect(expand("a\\ b")).toBe("a b");
    expect(() => expand("'open")).toThrow("matching single-quote");
  });

  it("honours another escape character", () => {
    expect(expand("`$NAME", "`")).toBe("$NAME");
    expect(expand("C:\\dir", "`")).toBe("C:\\dir");
  });

  it("records the variables a word used", () => {
    expect([...expandWord("$NAME ${EMPTY} $MISSING", variables).used].sort()).toEqual(["EMPTY", "NAME"]);
  });

  it("splits a variable's value into words, but not quoted text", () => {
    expect(expandWords("$PORTS", variables)).toEqual(["80", "443"]);
    expect(expandWords('"$PORTS" 22', variables)).toEqual(["80 443", "22"]);
  });

  it("splits instruction arguments at unquoted blanks, keeping quotes for the expansion", () => {
    expect(splitWords('A=1 B="two words" C=a\\ b')).toEqual(["A=1", 'B="two words"', "C=a\\ b"]);
    expect(splitWords("'' x")).toEqual(["''", "x"]);
  });
});
