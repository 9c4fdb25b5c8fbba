// A container's stored writable layer corrupted while the engine was down (a byte flipped in its
// disk image): after the restart the engine finds it by the chunk's checksum when the guest reads it,
// kills the container and marks it dead with the reason; it never starts again, `rm` removes it,
// and the other containers and the engine go on. Real guest under Node, filesystem store.

import { execFileSync } from "node:child_process";
import { mkdtempSync, openSync, readSync, rmSync, writeSync, closeSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { guestImageAvailable } from "./guest-fixture.ts";
import { nodeTestEngine, runToExit } from "./node-engine.ts";

/** Writes 4 MB of random bytes once (a later start finds the file), then prints its digest. */
const sh = (script: string) => ({ Image: "busybox", Cmd: ["sh", "-c", script] });
const writeOnceThenDigest = sh("test -f /data.bin || dd if=/dev/urandom of=/data.bin bs=65536 count=64 2>/dev/null; sha256sum /data.bin");

const chunkBytes = 64 * 1024;

/**
 * Offset of the first chunk of the disk image's data region (8 GiB; its checksums follow) that looks
 * random: the file's data, not metadata. ext4 may place it in any block group; holes read fast.
 */
function randomChunkOffset(image: string): number {
  const fd = openSync(image, "r");
  try {
    const block = Buffer.alloc(1024 * 1024);
    const zeros = Buffer.alloc(block.length);
    for (let start = 0; start < 8 * 1024 ** 3; start += block.length) {
      if (readSync(fd, block, 0, block.length, start) < block.length) break;
      if (block.equals(zeros)) continue;
      for (let offset = 0; offset < block.length; offset += chunkBytes) {
        const chunk = block.subarray(offset, offset + chunkBytes);
        if (new Set(chunk.subarray(0, 4096)).size > 200 && new Set(chunk.subarray(chunkBytes - 4096)).size > 200) return start + offset;
      }
    }
  } finally {
    closeSync(fd);
  }
  throw new Error(`no chunk of random data in ${image}`);
}

function flipByte(image: string, offset: number): void {
  const fd = openSync(image, "r+");
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, offset);
    byte[0]! ^= 0x5a;
    writeSync(fd, byte, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!guestImageAvailable)("a corrupted layer disk found after an engine restart", () => {
  const directories: string[] = [];
  afterAll(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  it("marks the container dead with the reason, and the engine and other containers go on", async () => {
    const state = mkdtempSync(join(tmpdir(), "berth-engine-"));
    directories.push(state);
    const engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
    const damaged = await runToExit(engine, writeOnceThenDigest, "damaged");
    const healthy = await runToExit(engine, writeOnceThenDigest, "healthy");
    expect([damaged.exitCode, healthy.exitCode]).toEqual([0, 0]);

    // The daemon's state as it left it, with one byte of the damaged container's file data flipped.
    const copy = mkdtempSync(join(tmpdir(), "berth-engine-corrupted-"));
    directories.push(copy);
    execFileSync("cp", ["-a", "--sparse=always", `${state}/.`, copy]);
    const image = join(copy, "disks", `${damaged.id}.img`);
    flipByte(image, randomChunkOffset(image) + 1234);

    const restarted = nodeTestEngine(copy);
    await (await restarted.engineStart({}, { report: () => undefined })).done();
    const exit = restarted.containerWait({ id: "damaged", condition: "next-exit" });
    await restarted.containerStart({ id: "damaged" });
    await exit;
    const dead = await restarted.containerInspect({ id: "damaged" });
    expect(dead.State).toMatchObject({ Status: "dead", Dead: true, Running: false });
    expect(dead.State.Error).toMatch(new RegExp(`disk ${damaged.id}: chunk \\d+ fails its checksum`));
    await expect(restarted.containerStart({ id: "damaged" })).rejects.toThrow("container is marked for removal and cannot be started");
    await expect(restarted.imageCommit({ container: "damaged", body: {} })).rejects.toThrow(`You cannot commit container ${damaged.id} which is Dead`);
    await expect(restarted.containerChanges({ id: "damaged" })).rejects.toThrow(`the writable layer of container ${damaged.id} is corrupted`);

    const healthyExit = restarted.containerWait({ id: "healthy", condition: "next-exit" });
    await restarted.containerStart({ id: "healthy" });
    expect((await healthyExit).StatusCode).toBe(0);
    expect((await runToExit(restarted, sh("echo still running"))).stdout).toBe("still running\n");

    await restarted.containerDelete({ id: "damaged" });
    await expect(restarted.containerInspect({ id: "damaged" })).rejects.toThrow(/No such container/);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(existsSync(image)).toBe(false);
  }, 300_000);
});
