// `berth daemon --memory`: the real docker CLI sees the guest's memory in docker info, a restart at
// another size cold boots (the snapshot of the old size is not restored), and a size the guest
// cannot use is refused before anything starts.

import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, startDaemon, type DaemonProcess } from "./daemon-process.ts";

const MiB = 1024 * 1024;
const berth = fileURLToPath(new URL("../../src/host/berth.mjs", import.meta.url));

let stateDirectory: string;
let daemon: DaemonProcess | undefined;

async function memTotal(): Promise<number> {
  const info = await docker(daemon!.socket, ["info", "--format", "{{.MemTotal}}"]);
  expect(info).toMatchObject({ code: 0, stderr: "" });
  return Number(info.stdout.trim());
}

async function restart(args: string[]): Promise<void> {
  await daemon?.stop();
  daemon = await startDaemon(stateDirectory, args);
}

beforeAll(async () => {
  stateDirectory = await mkdtemp(join(tmpdir(), "berth-memory-"));
});

afterAll(async () => {
  await daemon?.stop();
  await rm(stateDirectory, { recursive: true, force: true });
});

describe("berth daemon --memory", { timeout: 300_000 }, () => {
  it("boots the guest with the size asked for, which docker info and a container's free -m report", async () => {
    await restart(["--memory", "256m"]);
    expect(daemon!.output()).toMatch(/guest ready by cold boot in \d+ ms .*, 256 MiB of memory/);
    const total = await memTotal();
    expect(total).toBeGreaterThan(230 * MiB);
    expect(total).toBeLessThanOrEqual(256 * MiB);
    expect((await docker(daemon!.socket, ["info"])).stdout).toMatch(/Total Memory: 2[34]\d\.\d+MiB/);
    const free = await docker(daemon!.socket, ["run", "--rm", "busybox", "free", "-m"]);
    expect(Number(/Mem:\s+(\d+)/.exec(free.stdout)?.[1])).toBeGreaterThan(230);
  });

  it("restores the snapshot at the same size, and cold boots at another", async () => {
    await restart(["--memory=256m"]);
    expect(daemon!.output()).toMatch(/guest ready by snapshot restore .*, 256 MiB of memory/);

    await restart([]);
    expect(daemon!.output()).toMatch(/guest ready by cold boot .*, 512 MiB of memory/);
    const total = await memTotal();
    expect(total).toBeGreaterThan(480 * MiB);
    expect(total).toBeLessThanOrEqual(512 * MiB);
  });

  it.each([
    ["2g", `invalid argument "2g" for "-m, --memory" flag: the guest's memory must be between 128m and 896m (its 32-bit kernel maps no more), not 2048m`],
    ["lots", `invalid argument "lots" for "-m, --memory" flag: invalid size: 'lots'`],
    ["512x", `invalid argument "512x" for "-m, --memory" flag: invalid suffix: 'x'`],
  ])("refuses --memory %s with a clear error", (size, message) => {
    const result = spawnSync(process.execPath, [berth, "daemon", "--memory", size], { encoding: "utf8", timeout: 60_000, env: { ...process.env, BERTH_HOME: stateDirectory } });
    expect(result.status).toBe(125);
    expect(result.stderr).toBe(`berth daemon: ${message}\nSee 'berth daemon --help'.\n`);
  });
});
