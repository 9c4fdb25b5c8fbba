// Disks on the filesystem, for the Node host. Under `root`, per disk:
//   <disk>.img       the disk as a sparse file, chunk i at byte i × chunkBytes
//   <disk>.wal       a complete write-ahead file (node-disk-wal.ts): a commit not yet fully in the image
//   <disk>.wal-new   a write-ahead file being written; one found at start is discarded
// A commit writes <disk>.wal-new, renames it to <disk>.wal (from then on the commit counts), writes
// its chunks into the image and deletes the wal; a wal left behind is replayed before the disk is
// next used. There is no fsync: this survives the process crashing, not the host losing power.

import { constants } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { assertChunkIndex, assertCommittable, assertDiskId, defaultChunkBytes, DiskFullError, type DiskChunkStore } from "./disk-chunk-store.ts";
import { KeyedQueue } from "./keyed-queue.ts";
import { decodeWal, encodeWal, type WalEntry } from "./node-disk-wal.ts";

const imageSuffix = ".img";
const walSuffix = ".wal";
const newWalSuffix = ".wal-new";

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function asDiskFull(disk: string, error: unknown): unknown {
  const code = errorCode(error);
  return code === "ENOSPC" || code === "EDQUOT" ? new DiskFullError(disk, error) : error;
}

export class NodeFsDiskChunkStore implements DiskChunkStore {
  readonly #queue = new KeyedQueue();
  /** Disks with a complete wal not yet applied to the image. */
  readonly #unapplied = new Set<string>();
  #recovered: Promise<void> | undefined;

  constructor(
    private readonly root: string,
    readonly chunkBytes = defaultChunkBytes,
  ) {}

  get location(): string {
    return this.root;
  }

  async read(disk: string, index: number): Promise<Uint8Array | undefined> {
    assertChunkIndex(disk, index);
    return this.#settled(disk, async () => {
      let image;
      try {
        image = await open(this.#path(disk, imageSuffix), "r");
      } catch (error) {
        if (errorCode(error) === "ENOENT") return undefined;
        throw error;
      }
      try {
        const bytes = new Uint8Array(this.chunkBytes);
        await image.read(bytes, 0, bytes.length, index * this.chunkBytes);
        // A hole in the sparse file and a chunk written as zeros are the same content.
        return bytes.some((byte) => byte !== 0) ? bytes : undefined;
      } finally {
        await image.close();
      }
    });
  }

  async commit(disk: string, chunks: ReadonlyMap<number, Uint8Array>): Promise<void> {
    assertCommittable(disk, chunks, this.chunkBytes);
    return this.#settled(disk, async () => {
      const entries = [...chunks].map(([index, bytes]) => ({ offset: index * this.chunkBytes, bytes }));
      const newWal = this.#path(disk, newWalSuffix);
      try {
        await writeFile(newWal, encodeWal(entries));
      } catch (error) {
        await rm(newWal, { force: true });
        throw asDiskFull(disk, error);
      }
      await rename(newWal, this.#path(disk, walSuffix));
      this.#unapplied.add(disk);
      await this.#apply(disk, entries);
    });
  }

  async remove(disk: string): Promise<void> {
    assertDiskId(disk);
    return this.#queue.run(disk, async () => {
      await this.#recover();
      for (const suffix of [imageSuffix, walSuffix, newWalSuffix]) await rm(this.#path(disk, suffix), { force: true });
      this.#unapplied.delete(disk);
    });
  }

  async usage(disk: string): Promise<number> {
    assertDiskId(disk);
    return this.#settled(disk, async () => {
      try {
        return (await stat(this.#path(disk, imageSuffix))).blocks * 512;
      } catch (error) {
        if (errorCode(error) === "ENOENT") return 0;
        throw error;
      }
    });
  }

  async disks(): Promise<string[]> {
    await this.#recover();
    const images = (await readdir(this.root)).filter((name) => name.endsWith(imageSuffix));
    return [...new Set([...images.map((name) => name.slice(0, -imageSuffix.length)), ...this.#unapplied])];
  }

  /** Runs `task` alone for `disk`, after any wal the disk has left is applied. */
  #settled<T>(disk: string, task: () => Promise<T>): Promise<T> {
    return this.#queue.run(disk, async () => {
      await this.#recover();
      if (this.#unapplied.has(disk)) await this.#replay(disk);
      return task();
    });
  }

  /** Once per instance: discards incomplete wals and notes the complete ones. */
  #recover(): Promise<void> {
    this.#recovered ??= (async () => {
      await mkdir(this.root, { recursive: true });
      for (const name of await readdir(this.root)) {
        if (name.endsWith(newWalSuffix)) await rm(join(this.root, name), { force: true });
        else if (name.endsWith(walSuffix)) this.#unapplied.add(name.slice(0, -walSuffix.length));
      }
    })().catch((error: unknown) => {
      this.#recovered = undefined;
      throw error;
    });
    return this.#recovered;
  }

  async #replay(disk: string): Promise<void> {
    const entries = decodeWal(await readFile(this.#path(disk, walSuffix)));
    if (entries) return this.#apply(disk, entries);
    // Only a whole file is ever renamed to .wal, so a torn one was not written by this store.
    await rm(this.#path(disk, walSuffix), { force: true });
    this.#unapplied.delete(disk);
  }

  /** Writes the wal's entries into the image, then drops the wal. On failure the wal stays for a replay. */
  async #apply(disk: string, entries: readonly WalEntry[]): Promise<void> {
    try {
      const image = await open(this.#path(disk, imageSuffix), constants.O_RDWR | constants.O_CREAT, 0o644);
      try {
        for (const { offset, bytes } of entries) {
          // A short write happens when the disk fills up; the next write then reports ENOSPC.
          for (let done = 0; done < bytes.length; ) done += (await image.write(bytes, done, bytes.length - done, offset + done)).bytesWritten;
        }
      } finally {
        await image.close();
      }
    } catch (error) {
      throw asDiskFull(disk, error);
    }
    await rm(this.#path(disk, walSuffix), { force: true });
    this.#unapplied.delete(disk);
  }

  #path(disk: string, suffix: string): string {
    return join(this.root, disk + suffix);
  }
}
