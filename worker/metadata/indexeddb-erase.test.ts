import "fake-indexeddb/auto";
import { createStore, entries, set } from "idb-keyval";
import { describe, expect, it } from "vitest";
import { eraseIndexedDb } from "./indexeddb-erase.ts";

describe("eraseIndexedDb", () => {
  it("empties every store of every database, while the stores' own connections stay open and usable", async () => {
    const images = createStore("erase-images", "images");
    const logs = createStore("erase-logs", "logs");
    await set("busybox", { id: "sha256:1" }, images);
    await set("container-1", new Uint8Array([1, 2, 3]), logs);
    await eraseIndexedDb(indexedDB);
    expect(await entries(images)).toEqual([]);
    expect(await entries(logs)).toEqual([]);
    await set("debian", { id: "sha256:2" }, images);
    expect(await entries(images)).toEqual([["debian", { id: "sha256:2" }]]);
  });
});
