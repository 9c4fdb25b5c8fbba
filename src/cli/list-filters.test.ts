import { describe, expect, it } from "vitest";
import { filterFlagError, parseFilters } from "./list-filters.ts";

describe("--filter values", () => {
  it.each<[string[], Record<string, string[]>]>([
    [[], {}],
    [["status=exited"], { status: ["exited"] }],
    [["status=exited", "status=created", "name=web"], { status: ["exited", "created"], name: ["web"] }],
    [[" Status = running "], { status: ["running"] }],
    [["label=com.example=1"], { label: ["com.example=1"] }],
    [["name=web", "name=web"], { name: ["web"] }],
    [[""], {}],
    [["exited=0"], { exited: ["0"] }],
  ])("groups %j", (values, filters) => {
    expect(parseFilters(values)).toEqual(filters);
  });

  it.each<[string, string | undefined]>([
    ["status=exited", undefined],
    ["name=", undefined],
    ["", undefined],
    ["status", "bad format of filter (expected name=value)"],
  ])("checks %j", (value, error) => {
    expect(filterFlagError(value)).toBe(error);
  });
});
