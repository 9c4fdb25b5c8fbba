import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NodeFsRecordStore } from "./node-fs-record-store.ts";

interface Note {
  id: string;
  text: string;
}

let directory: string;
beforeEach(async () => (directory = await mkdtemp(join(tmpdir(), "berth-record-store-"))));
afterEach(() => rm(directory, { recursive: true, force: true }));

const byId = (a: Note, b: Note) => a.id.localeCompare(b.id);

describe("NodeFsRecordStore", () => {
  it("leaves one file per record, and no journal or temporary file, after a multi-record put", async () => {
    const store = new NodeFsRecordStore<Note>(directory);
    await store.put({ id: "a", text: "1" }, { id: "b", text: "2" }, { id: "c", text: "3" });
    await store.delete("c");
    const names = await readdir(directory);
    expect(names).toHaveLength(2);
    expect(names.every((name) => /^[0-9a-f]{64}\.json$/.test(name))).toBe(true);
  });

  it("finishes a multi-record put cut short by a crash before its next call, and drops temporary files", async () => {
    await new NodeFsRecordStore<Note>(directory).put({ id: "a", text: "old" }, { id: "b", text: "kept" });
    // A crash after the journal was renamed into place, before it was applied, with a write under way.
    await writeFile(join(directory, "put.json"), JSON.stringify([{ id: "a", text: "journal" }, { id: "c", text: "journal" }]));
    await writeFile(join(directory, "0123.json.5f0e.tmp"), "{ torn");
    const reopened = new NodeFsRecordStore<Note>(directory);
    await reopened.put({ id: "c", text: "after" });
    expect((await reopened.load()).sort(byId)).toEqual([
      { id: "a", text: "journal" },
      { id: "b", text: "kept" },
      { id: "c", text: "after" },
    ]);
    expect(await readdir(directory)).toHaveLength(3);
  });
});
