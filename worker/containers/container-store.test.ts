import { describe, expect, it } from "vitest";
import { ContainerStore, type ContainerRecord } from "./container-store.ts";

function record(id: string, name: string, createdAt = 0): ContainerRecord {
  return { id, name, createdAt, imageRef: "busybox", imageId: "sha256:x", request: { Image: "busybox" }, args: ["sh"], state: "created" };
}

describe("ContainerStore", () => {
  const store = new ContainerStore();
  store.add(record("abc123".padEnd(64, "0"), "calm_harbor", 1));
  store.add(record("abd456".padEnd(64, "0"), "brave_sail", 2));

  it("resolves a full id, a name (with or without slash) and a unique prefix, as Docker does", () => {
    expect(store.resolve("abc123".padEnd(64, "0")).name).toBe("calm_harbor");
    expect(store.resolve("brave_sail").name).toBe("brave_sail");
    expect(store.resolve("/brave_sail").name).toBe("brave_sail");
    expect(store.resolve("abd").name).toBe("brave_sail");
  });

  it("refuses an ambiguous prefix and an unknown container", () => {
    expect(() => store.resolve("ab")).toThrow("multiple IDs found with provided prefix: ab");
    expect(() => store.resolve("nope")).toThrow("No such container: nope");
  });

  it("refuses a name that is taken, naming its holder", () => {
    expect(() => store.add(record("f".repeat(64), "calm_harbor"))).toThrow(/"\/calm_harbor" is already in use by container "abc123/);
  });

  it("lists newest first", () => {
    expect(store.list().map((entry) => entry.name)).toEqual(["brave_sail", "calm_harbor"]);
  });
});
