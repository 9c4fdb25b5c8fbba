import { describe, expect, it } from "vitest";
import { formatTable, tabwrite } from "./tab-writer.ts";

describe("formatTable (docker's table layout)", () => {
  it("pads every column but the last to at least 10 characters", () => {
    expect(formatTable([["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]])).toBe(
      "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n",
    );
  });

  it("widens a column to its widest cell plus three spaces", () => {
    expect(
      formatTable([
        ["REPOSITORY", "TAG", "SIZE"],
        ["busybox", "latest", "4.26MB"],
        ["a-very-long-repository", "1", "1kB"],
      ]),
    ).toBe(
      [
        "REPOSITORY               TAG       SIZE",
        "busybox                  latest    4.26MB",
        "a-very-long-repository   1         1kB",
        "",
      ].join("\n"),
    );
  });

  it("pads empty cells and leaves the last cell unpadded", () => {
    expect(formatTable([["A", "", "C"], ["", "b", ""]])).toBe("A                   C\n          b         \n");
  });

  it("counts characters, not UTF-16 units or bytes", () => {
    expect(formatTable([["\"sleep…\"", "x"], ["é", "y"]])).toBe("\"sleep…\"   x\né          y\n");
  });
});

describe("tabwrite", () => {
  const version = { minWidth: 20, padding: 1 };

  it("aligns each run of consecutive lines separately", () => {
    const text = "Client:\n Version:\t1\n API version:\t1.50\n\nServer:\n Engine:\n  Version:\t2\n";
    expect(tabwrite(text, version)).toBe(
      [
        "Client:",
        " Version:           1",
        " API version:       1.50",
        "",
        "Server:",
        " Engine:",
        "  Version:          2",
        "",
      ].join("\n"),
    );
  });

  it("grows a column past the minimum for a long cell", () => {
    expect(tabwrite(" A rather long label here:\tx\n B:\ty", version)).toBe(
      " A rather long label here: x\n B:                        y",
    );
  });

  it("aligns nested columns only where lines share them", () => {
    expect(tabwrite("a\tb\tc\naa\tb\nx", { minWidth: 0, padding: 1 })).toBe("a  b c\naa b\nx");
  });
});
