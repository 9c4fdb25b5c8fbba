import { describe, expect, it } from "vitest";
import { naturalOrder } from "./natural-order.ts";

describe("naturalOrder", () => {
  it.each<[string[], string[]]>([
    [["8080/tcp", "443/tcp", "80/tcp"], ["80/tcp", "443/tcp", "8080/tcp"]],
    [["a10", "a9", "a09"], ["a9", "a09", "a10"]],
    [["x -> [::]:1", "x -> 0.0.0.0:1"], ["x -> 0.0.0.0:1", "x -> [::]:1"]],
    [["ab", "a"], ["a", "ab"]],
  ])("sorts %j", (input, sorted) => {
    expect([...input].sort(naturalOrder)).toEqual(sorted);
  });
});
