// The content store on the filesystem, for the Node host. Layout under `root`:
//   blobs/sha256/<hex>   committed blobs
//   ingest/<id>/data     an ingest's bytes so far (<id> is the sha256 of the ref, so any ref is a safe name)
// A commit fsyncs the data and renames it into blobs/, so a blob appears whole or not at all.

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendFile, mkdir, open, readFile, readdir, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assertDigest, assertRef, blobNotFound, verifyCommit, writerClosed } from "./content-errors.ts";
import type { ContentInfo, ContentStore, ContentWriter, IngestStatus } from "./content-store.ts";
import { RefLocks } from "./ref-locks.ts";
import { Sha256 } from "./sha256.ts";

const hexDigest = /^[0-9a-f]{64}$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

export class NodeFsContentStore implements ContentStore {
  readonly #locks = new RefLocks();

  constructor(private readonly root: string) {}

  async info(digest: string): Promise<ContentInfo | undefined> {
    assertDigest(digest);
    try {
      const stats = await stat(this.#blobPath(digest));
      return { digest, size: stats.size, committedAt: stats.mtime.toISOString() };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(digest: string): Promise<Uint8Array> {
    assertDigest(digest);
    try {
      return new Uint8Array(await readFile(this.#blobPath(digest)));
    } catch (error) {
      throw isMissing(error) ? blobNotFound(digest) : error;
    }
  }

  async writer(ref: string): Promise<ContentWriter> {
    assertRef(ref);
    this.#locks.acquire(ref);
    const release = () => this.#locks.release(ref);
    try {
      const directory = this.#ingestDirectory(ref);
      await mkdir(directory, { recursive: true });
      const dataPath = join(directory, "data");
      await writeFile(dataPath, new Uint8Array(0), { flag: "a" });
      const hash = new Sha256();
      let offset = 0;
      for await (const chunk of createReadStream(dataPath)) {
        hash.update(chunk as Buffer);
        offset += (chunk as Buffer).length;
      }
      return new NodeFsContentWriter(ref, directory, this.#blobPath.bind(this), offset, hash, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  async status(ref: string): Promise<IngestStatus | undefined> {
    try {
      const stats = await stat(join(this.#ingestDirectory(ref), "data"));
      return { ref, offset: stats.size, updatedAt: stats.mtime.toISOString() };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(digest: string): Promise<void> {
    assertDigest(digest);
    try {
      await unlink(this.#blobPath(digest));
    } catch (error) {
      throw isMissing(error) ? blobNotFound(digest) : error;
    }
  }

  async *walk(): AsyncIterable<ContentInfo> {
    let names: string[];
    try {
      names = await readdir(join(this.root, "blobs", "sha256"));
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const name of names.filter((candidate) => hexDigest.test(candidate))) {
      const info = await this.info(`sha256:${name}`);
      if (info) yield info;
    }
  }

  #blobPath(digest: string): string {
    return join(this.root, "blobs", "sha256", digest.slice("sha256:".length));
  }

  #ingestDirectory(ref: string): string {
    return join(this.root, "ingest", createHash("sha256").update(ref).digest("hex"));
  }
}

class NodeFsContentWriter implements ContentWriter {
  #closed = false;

  constructor(
    readonly ref: string,
    private readonly directory: string,
    private readonly blobPath: (digest: string) => string,
    private currentOffset: number,
    private readonly hash: Sha256,
    private readonly release: () => void,
  ) {}

  get offset(): number {
    return this.currentOffset;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#assertOpen();
    await appendFile(join(this.directory, "data"), chunk);
    this.hash.update(chunk);
    this.currentOffset += chunk.length;
  }

  async commit(expectedSize: number, expectedDigest: string): Promise<ContentInfo> {
    this.#assertOpen();
    this.#closed = true;
    // The ref stays locked until the ingest is gone, so a writer waiting for it never meets a half-removed one.
    try {
      const digest = this.hash.digest();
      verifyCommit(this.ref, this.currentOffset, digest, expectedSize, expectedDigest);
      const dataPath = join(this.directory, "data");
      const data = await open(dataPath, "r+");
      try {
        await data.sync();
      } finally {
        await data.close();
      }
      const target = this.blobPath(digest);
      await mkdir(join(target, ".."), { recursive: true });
      // Renaming over an existing blob is harmless: same digest, same bytes.
      await rename(dataPath, target);
      await rm(this.directory, { recursive: true, force: true });
      const stats = await stat(target);
      return { digest, size: stats.size, committedAt: stats.mtime.toISOString() };
    } finally {
      this.release();
    }
  }

  async abort(): Promise<void> {
    this.#assertOpen();
    this.#closed = true;
    try {
      await rm(this.directory, { recursive: true, force: true });
    } finally {
      this.release();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw writerClosed(this.ref);
  }

}
