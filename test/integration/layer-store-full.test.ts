// The engine's store of writable layers fills up while containers write (here its disks live on a
// 48 MB file system of their own, beyond what the engine's storage budget measures, as when the
// browser's quota says more than the disk holds): the container writing meets ENOSPC, as does one
// writing beside it, which keeps running; what they wrote before is kept, and once `rm` frees
// space the running one writes again. Real guest under Node, filesystem store.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mountSmallDisk, type SmallDisk } from "../e2e/small-disk.ts";
import { guestImageAvailable } from "./guest-fixture.ts";
import { eventually, execToExit, nodeTestEngine, runToExit } from "./node-engine.ts";

const sh = (script: string) => ({ Image: "busybox", Cmd: ["sh", "-c", script] });

describe.skipIf(!guestImageAvailable)("a full store of writable layers", () => {
  let disk: SmallDisk | undefined;
  const state = mkdtempSync(join(tmpdir(), "berth-engine-"));
  afterAll(() => {
    disk?.remove();
    rmSync(state, { recursive: true, force: true });
  });

  it("gives the writing containers ENOSPC, keeps the others' work, and room again after rm", async () => {
    disk = mountSmallDisk(48);
    const engine = nodeTestEngine(state, { layerDisksDirectory: join(disk.path, "disks") });
    await (await engine.engineStart({}, { report: () => undefined })).done();
    const kept = await runToExit(engine, sh("echo safe > /kept"), "kept");
    expect(kept.exitCode).toBe(0);
    const { Id: steady } = await engine.containerCreate({ name: "steady", body: sh("i=0; while true; do dd if=/dev/urandom of=/chunk$i bs=64k count=16 2>/dev/null; i=$((i+1)); sleep 1; done") });
    await engine.containerStart({ id: steady });

    const filler = await runToExit(engine, sh("dd if=/dev/urandom of=/data.bin bs=1M count=300"), "filler");
    expect(filler.stderr).toMatch(/dd: (error )?writing '\/data\.bin': No space left on device/);
    expect(filler.exitCode).toBe(1);
    // The steady one, writing a megabyte a second, meets the full store too (its room goes), and runs on.
    const probe = ["sh", "-c", "dd if=/dev/zero of=/probe bs=64k count=4; rm -f /probe"];
    await eventually(async () => (await execToExit(engine, steady, probe)).stderr.includes("No space left on device"), "the steady container to meet ENOSPC", 60_000);
    expect((await execToExit(engine, steady, ["echo", "still-running"])).stdout).toBe("still-running\n");
    expect((await engine.containerChanges({ id: "kept" })).map(({ Path }) => Path)).toEqual(["/kept"]);

    await engine.containerDelete({ id: "filler" });
    await eventually(async () => (await execToExit(engine, steady, ["sh", "-c", "dd if=/dev/zero of=/more bs=1M count=4 && echo wrote-more"])).stdout.includes("wrote-more"), "room again for the steady container", 60_000);
    expect((await runToExit(engine, sh("dd if=/dev/zero of=/after bs=1M count=4 && echo wrote-after"))).stdout).toContain("wrote-after");
  }, 600_000);
});
