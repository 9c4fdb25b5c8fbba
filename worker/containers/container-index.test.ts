import { describe, expect, it } from "vitest";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { ContainerIndex } from "./container-index.ts";
import { createdState, rfc3339Nano, type ContainerRecord } from "./container-record.ts";

function record(seed: number, name: string): ContainerRecord {
  return {
    id: seed.toString(16).padStart(2, "0").repeat(32),
    name,
    created: rfc3339Nano(1_700_000_000_000 + seed * 1000),
    imageRef: "busybox",
    imageId: `sha256:${"b".repeat(64)}`,
    request: { Image: "busybox" },
    config: { Image: "busybox" },
    hostConfig: {},
    args: ["sh"],
    state: createdState(),
    restartCount: 0,
    manuallyStopped: false,
  };
}

describe("container index", () => {
  it("resolves full ids, unique prefixes and names, as Docker does", async () => {
    const index = new ContainerIndex(new MemoryRecordStore());
    await index.load();
    const a = record(0xa1, "web");
    const b = record(0xa2, "db");
    index.add(a);
    index.add(b);
    expect(index.resolve(a.id)).toBe(a);
    expect(index.resolve("web")).toBe(a);
    expect(index.resolve("/db")).toBe(b);
    expect(index.resolve("a2")).toBe(b);
    expect(() => index.resolve("a")).toThrow("multiple IDs found with provided prefix: a");
    expect(() => index.resolve("nope")).toThrow("No such container: nope");
    expect(() => index.resolve("")).toThrow("No such container: ");
  });

  it("refuses a name in use, also when renaming", async () => {
    const index = new ContainerIndex(new MemoryRecordStore());
    const a = record(1, "web");
    index.add(a);
    expect(() => index.add(record(2, "web"))).toThrow(`Conflict. The container name "/web" is already in use by container "${a.id}".`);
    const b = record(3, "db");
    index.add(b);
    expect(() => index.rename(b, "web")).toThrow("is already in use");
    index.rename(b, "cache");
    expect(index.resolve("cache")).toBe(b);
  });

  it("lists newest first and writes every change through to its store", async () => {
    const store = new MemoryRecordStore<ContainerRecord>();
    const index = new ContainerIndex(store);
    const older = record(1, "older");
    const newer = record(2, "newer");
    index.add(older);
    index.add(newer);
    expect(index.list().map((r) => r.name)).toEqual(["newer", "older"]);
    newer.state = { ...newer.state, Status: "exited", ExitCode: 3 };
    index.save(newer);
    index.remove(older.id);
    await index.settled();
    const reloaded = new ContainerIndex(store);
    const records = await reloaded.load();
    expect(records.map((r) => [r.name, r.state.Status, r.state.ExitCode])).toEqual([["newer", "exited", 3]]);
  });
});
