import { describe, expect, it } from "vitest";
import { goJson } from "./go-json.ts";

describe("goJson", () => {
  it("indents by the given string with Go's spacing", () => {
    expect(goJson([{ Id: "x", Tags: [], Labels: {}, Size: 12, Data: null }], "    ")).toBe(
      '[\n    {\n        "Id": "x",\n        "Tags": [],\n        "Labels": {},\n        "Size": 12,\n        "Data": null\n    }\n]',
    );
  });

  it("escapes <, >, & and line separators as Go does", () => {
    expect(goJson({ "a<b": "x > y && z\u2028" })).toBe('{"a\\u003cb":"x \\u003e y \\u0026\\u0026 z\\u2028"}');
  });

  it("is compact without an indent", () => {
    expect(goJson({ Cmd: ["sh", "-c", "echo \"hi\"\n"] })).toBe('{"Cmd":["sh","-c","echo \\"hi\\"\\n"]}');
  });
});
