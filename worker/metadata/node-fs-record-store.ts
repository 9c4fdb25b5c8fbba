// Records on the filesystem, for the Node host: a directory with one JSON file per record, named by
// the sha256 of the record's id so that any id makes a safe file name. Each file is replaced
// atomically (node-atomic-file.ts), so a reader sees the old or the new record, never a torn one. A put of several records goes first, whole, into one journal file (put.json),
// is then applied record by record, and the journal is dropped; an instance replays a journal left
// by a crash before it does anything else, so such a put takes effect entirely or not at all.
// Calls are queued, so they apply in call order and none is lost.

import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { temporaryFileSuffix, writeFileAtomically } from "../node-atomic-file.ts";
import type { RecordStore } from "./record-store.ts";

const journalName = "put.json";
const recordFileName = /^[0-9a-f]{64}\.json$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

export class NodeFsRecordStore<T extends { id: string }> implements RecordStore<T> {
  #queue: Promise<unknown> = Promise.resolve();
  /** Started by the first call; every call waits for it, and fails if it failed. */
  #recovered: Promise<void> | undefined;

  constructor(private readonly directory: string) {}

  load(): Promise<T[]> {
    return this.#enqueue(async () => {
      const names = (await readdir(this.directory)).filter((name) => recordFileName.test(name));
      return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(this.directory, name), "utf8")) as T));
    });
  }

  put(...records: T[]): Promise<void> {
    // Serialized now, which also copies them.
    const documents = records.map((record) => ({ id: record.id, json: JSON.stringify(record) }));
    return this.#enqueue(async () => {
      if (documents.length === 1) return writeFileAtomically(this.#recordPath(documents[0]!.id), documents[0]!.json);
      await writeFileAtomically(this.#journalPath(), `[${documents.map(({ json }) => json).join(",")}]`);
      await this.#applyJournal();
    });
  }

  delete(id: string): Promise<void> {
    return this.#enqueue(() => this.#unlinkIfPresent(this.#recordPath(id)));
  }

  /** Runs `task` after recovery and every task queued before it, whether those succeeded or not. */
  #enqueue<R>(task: () => Promise<R>): Promise<R> {
    const run = async () => {
      await (this.#recovered ??= this.#recover());
      return task();
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Finishes what a crash interrupted: drops temporary files and replays a journal. */
  async #recover(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const names = await readdir(this.directory);
    for (const name of names.filter((candidate) => candidate.endsWith(temporaryFileSuffix))) await this.#unlinkIfPresent(join(this.directory, name));
    if (names.includes(journalName)) await this.#applyJournal();
  }

  async #applyJournal(): Promise<void> {
    const records = JSON.parse(await readFile(this.#journalPath(), "utf8")) as T[];
    for (const record of records) await writeFileAtomically(this.#recordPath(record.id), JSON.stringify(record));
    await unlink(this.#journalPath());
  }

  async #unlinkIfPresent(path: string): Promise<void> {
    try {
      await unlink(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  #recordPath(id: string): string {
    return join(this.directory, `${createHash("sha256").update(id).digest("hex")}.json`);
  }

  #journalPath(): string {
    return join(this.directory, journalName);
  }
}
