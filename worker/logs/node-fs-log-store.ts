// Container logs on the filesystem, for the Node host. Layout under `root`, per container (the
// directory is named by the sha256 of its id, so any id makes a safe name):
//   <dir>/segments.json   the segment list, replaced atomically (node-atomic-file.ts)
//   <dir>/<n>.log         segment n: encoded entries
// An append writes its bytes at the segments' listed lengths and fsyncs them, then replaces
// segments.json: that rename commits it. Bytes past a listed length (an append cut short by a
// crash) are never read, and the next append writes over them; segment files missing from the
// list (a drop cut short) are deleted when the list is next loaded.

import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, readFile, readdir, rm, unlink } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "../node-atomic-file.ts";
import type { LogSegmentStorage, SegmentChange, SegmentInfo } from "./log-segments.ts";
import { SegmentedLogStore, type LogStoreOptions } from "./segmented-log-store.ts";

const listName = "segments.json";

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

export class NodeFsContainerLogStore extends SegmentedLogStore {
  constructor(root: string, options: LogStoreOptions = {}) {
    super(new NodeFsLogSegments(root), options);
  }
}

class NodeFsLogSegments implements LogSegmentStorage {
  constructor(private readonly root: string) {}

  async loadSegments(containerId: string): Promise<SegmentInfo[]> {
    const directory = this.#directory(containerId);
    let segments: SegmentInfo[] = [];
    try {
      segments = JSON.parse(await readFile(join(directory, listName), "utf8")) as SegmentInfo[];
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    const listed = new Set(segments.map(({ number }) => segmentFileName(number)));
    const names = await readdir(directory).catch((error: unknown) => (isMissing(error) ? [] : Promise.reject(error)));
    for (const name of names.filter((candidate) => candidate !== listName && !listed.has(candidate))) {
      await rm(join(directory, name), { force: true });
    }
    return segments;
  }

  readSegments(containerId: string, segments: SegmentInfo[]): Promise<Uint8Array[]> {
    return Promise.all(
      segments.map(async ({ number, encodedBytes }) => {
        const file = await open(join(this.#directory(containerId), segmentFileName(number)), "r");
        try {
          const bytes = new Uint8Array(encodedBytes);
          for (let read = 0; read < encodedBytes; ) {
            const { bytesRead } = await file.read(bytes, read, encodedBytes - read, read);
            if (bytesRead === 0) throw new Error(`log segment ${number} of container ${containerId} is shorter than its listed ${encodedBytes} bytes`);
            read += bytesRead;
          }
          return bytes;
        } finally {
          await file.close();
        }
      }),
    );
  }

  async commit(containerId: string, { appends, dropped, segments }: SegmentChange): Promise<void> {
    const directory = this.#directory(containerId);
    await mkdir(directory, { recursive: true });
    for (const { segment, offset, bytes } of appends) {
      const file = await open(join(directory, segmentFileName(segment)), constants.O_WRONLY | constants.O_CREAT);
      try {
        for (let written = 0; written < bytes.length; ) {
          written += (await file.write(bytes, written, bytes.length - written, offset + written)).bytesWritten;
        }
        await file.sync();
      } finally {
        await file.close();
      }
    }
    await writeFileAtomically(join(directory, listName), JSON.stringify(segments));
    for (const { number } of dropped) await rm(join(directory, segmentFileName(number)), { force: true });
  }

  async remove(containerId: string): Promise<void> {
    const directory = this.#directory(containerId);
    // The list goes first: without it the log is empty, even if a crash stops the rest.
    await unlink(join(directory, listName)).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)));
    await rm(directory, { recursive: true, force: true });
  }

  #directory(containerId: string): string {
    return join(this.root, createHash("sha256").update(containerId).digest("hex"));
  }
}

function segmentFileName(number: number): string {
  return `${number}.log`;
}
