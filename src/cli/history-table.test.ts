import { describe, expect, it } from "vitest";
import type { ImageHistoryItem } from "../api/types.ts";
import { formatHistoryIds, formatHistoryTable, type HistoryFormat } from "./history-table.ts";

const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const created = Date.UTC(2022, 11, 20, 9, 30, 0) / 1000;
const imageId = `sha256:${"9".repeat(64)}`;

const history: ImageHistoryItem[] = [
  { Id: imageId, Created: created, CreatedBy: '/bin/sh -c #(nop)  CMD ["bash"]', Tags: ["debian:latest"], Size: 0, Comment: "" },
  {
    Id: "<missing>",
    Created: created - 60,
    CreatedBy: "/bin/sh -c #(nop) ADD file:6b8f3b1d8c43a0f2c2b in / ",
    Tags: [],
    Size: 74_800_000,
    Comment: "debuerreotype 0.15",
  },
  { Id: "<missing>", Created: 0, CreatedBy: "\tbuilt\tlong ago", Tags: [], Size: 1234, Comment: "" },
];

const human: HistoryFormat = { human: true, truncate: true, now, timezoneOffset: () => 0 };

describe("formatHistoryTable", () => {
  it("lays out the layers like docker history", () => {
    expect(formatHistoryTable(history, human)).toBe(
      [
        "IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT",
        '999999999999   2 years ago   /bin/sh -c #(nop)  CMD ["bash"]                 0B        ',
        "<missing>      2 years ago   /bin/sh -c #(nop) ADD file:6b8f3b1d8c43a0f2c…   74.8MB    debuerreotype 0.15",
        "<missing>                     built long ago                                 1.23kB    ",
        "",
      ].join("\n"),
    );
  });

  it("shows everything in full with --no-trunc", () => {
    const rows = formatHistoryTable(history, { ...human, truncate: false }).split("\n");
    expect(rows[1].startsWith(`${imageId}   2 years ago`)).toBe(true);
    expect(rows[2]).toContain("ADD file:6b8f3b1d8c43a0f2c2b in /    ");
  });

  it("shows RFC 3339 local times and byte counts without -H", () => {
    const rows = formatHistoryTable(history, { ...human, human: false, timezoneOffset: () => -90 }).split("\n");
    expect(rows[0]).toMatch(/^IMAGE {10}CREATED AT {18}CREATED BY/);
    expect(rows[1]).toMatch(/^999999999999 {3}2022-12-20T11:00:00\+01:30 {3}\/bin\/sh/);
    expect(rows[2]).toMatch(/ 74800000 {3}debuerreotype 0\.15$/);
    expect(formatHistoryTable(history.slice(0, 1), { ...human, human: false }).split("\n")[1]).toContain(
      "   2022-12-20T09:30:00Z   ",
    );
    expect(formatHistoryTable(history.slice(0, 1), { ...human, human: false, timezoneOffset: () => 300 })).toContain(
      "   2022-12-20T04:30:00-05:00   ",
    );
  });
});

describe("formatHistoryIds", () => {
  it("lists every layer's ID, <missing> included", () => {
    expect(formatHistoryIds(history, true)).toBe("999999999999\n<missing>\n<missing>\n");
    expect(formatHistoryIds(history.slice(0, 1), false)).toBe(`${imageId}\n`);
  });
});
