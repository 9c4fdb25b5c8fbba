// Image records on the filesystem, for the Node host: one JSON document, `<directory>/images.json`,
// mapping image id to record. Every change rewrites the document to a temporary file, fsyncs it and
// renames it over the old one, so a reader sees the old or the new document, never a torn one.
// Changes are queued, so concurrent calls apply in call order and none is lost.

import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import type { ImageMetadataStore } from "./image-metadata-store.ts";
import type { ImageRecord } from "./image-store.ts";

type Document = Record<string, ImageRecord>;

export class NodeFsImageMetadataStore implements ImageMetadataStore {
  readonly #path: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly directory: string) {
    this.#path = join(directory, "images.json");
  }

  load(): Promise<ImageRecord[]> {
    return this.#enqueue(async () => Object.values(await this.#read()));
  }

  put(...records: ImageRecord[]): Promise<void> {
    const copies = records.map((record) => structuredClone(record));
    return this.#change((document) => {
      for (const record of copies) document[record.id] = record;
    });
  }

  delete(id: string): Promise<void> {
    return this.#change((document) => void delete document[id]);
  }

  #change(apply: (document: Document) => void): Promise<void> {
    return this.#enqueue(async () => {
      const document = await this.#read();
      apply(document);
      await this.#write(document);
    });
  }

  /** Runs `task` after every task queued before it, whether those succeeded or not. */
  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #read(): Promise<Document> {
    try {
      return JSON.parse(await readFile(this.#path, "utf8")) as Document;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  async #write(document: Document): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const temporaryPath = `${this.#path}.${randomUUID()}.tmp`;
    const file = await open(temporaryPath, "w");
    try {
      await file.writeFile(JSON.stringify(document));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporaryPath, this.#path);
  }
}
