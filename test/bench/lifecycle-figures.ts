// Container lifecycle figures, measured through the Engine API on the engine under Node with the
// real guest: a `run -d` + `stop` cycle, `exec … true`, 8 containers started together, `docker logs`
// of a 10 MB log, and a fixed CPU workload in a container.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineApi } from "../../src/api/engine-api.ts";
import { CollectedOutput, execToExit, nodeTestEngine, runToExit } from "../integration/node-engine.ts";

export interface LifecycleFigures {
  detachedCycleMs: number[];
  execTrueMs: number[];
  eightTogetherMs: number;
  logs10MbMs: number;
  logs10MbBytes: number;
  cpuWorkloadMs: number;
}

/** The CPU workload, the same here and under QEMU: sha256 of 8 MB made by busybox itself. */
export const cpuWorkload = "busybox yes 0123456789abcdef | busybox head -c 8000000 | busybox sha256sum";

/**
 * A container that stops on the first SIGTERM: docker-init (--init) forwards it to `sleep`. (A shell
 * as the pid namespace's init ignores a TERM that comes before its trap is set.)
 */
const quickStop = { Image: "busybox", Cmd: ["sleep", "1000"], HostConfig: { Init: true } };

export async function measureLifecycle(runs: number): Promise<LifecycleFigures> {
  const state = mkdtempSync(join(tmpdir(), "berth-bench-"));
  try {
    const engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
    // Warm-up: the first containers run while v86 still compiles the start path.
    for (let i = 0; i < 3; i++) await runToExit(engine, { Image: "busybox", Cmd: ["true"], HostConfig: { AutoRemove: true } });

    const detachedCycleMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const { Id: id } = await engine.containerCreate({ body: quickStop });
      await engine.containerStart({ id });
      await engine.containerStop({ id });
      detachedCycleMs.push(performance.now() - started);
      await engine.containerDelete({ id });
    }

    const { Id: server } = await engine.containerCreate({ body: quickStop });
    await engine.containerStart({ id: server });
    const execTrueMs: number[] = [];
    await execToExit(engine, server, ["true"]);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await execToExit(engine, server, ["true"]);
      execTrueMs.push(performance.now() - started);
    }
    await engine.containerDelete({ id: server, force: true });

    const eightStarted = performance.now();
    const eight = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const { Id } = await engine.containerCreate({ body: quickStop });
        await engine.containerStart({ id: Id });
        return Id;
      }),
    );
    const eightTogetherMs = performance.now() - eightStarted;
    await Promise.all(eight.map((id) => engine.containerDelete({ id, force: true })));

    const { logs10MbMs, logs10MbBytes } = await measureLogs(engine);
    return { detachedCycleMs, execTrueMs, eightTogetherMs, logs10MbMs, logs10MbBytes, cpuWorkloadMs: await measureCpuWorkload(engine) };
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

async function measureLogs(engine: EngineApi): Promise<{ logs10MbMs: number; logs10MbBytes: number }> {
  const writer = await runToExit(engine, { Image: "busybox", Cmd: ["sh", "-c", "busybox yes 'a line of the ten megabyte log, about sixty bytes long......' | busybox head -c 10000000"] });
  const output = new CollectedOutput();
  const started = performance.now();
  await (await engine.containerLogs({ id: writer.id, stdout: true, stderr: true }, output)).done();
  const logs10MbMs = performance.now() - started;
  await engine.containerDelete({ id: writer.id });
  return { logs10MbMs, logs10MbBytes: output.chunks.reduce((sum, [, data]) => sum + data.length, 0) };
}

/** Host time between the workload's start and end markers, as they arrive from the container. */
async function measureCpuWorkload(engine: EngineApi): Promise<number> {
  const { Id: id } = await engine.containerCreate({ body: { Image: "busybox", Cmd: ["sh", "-c", `echo BENCH-START; ${cpuWorkload}; echo BENCH-END`], HostConfig: { AutoRemove: true } } });
  const marks: Record<string, number> = {};
  const connection = await engine.containerAttach({ id, stdout: true, stream: true }, {
    write: (_stream, data) => {
      const text = new TextDecoder().decode(data);
      for (const marker of ["BENCH-START", "BENCH-END"]) if (text.includes(marker)) marks[marker] ??= performance.now();
    },
  });
  await engine.containerStart({ id });
  await connection.done();
  if (marks["BENCH-START"] === undefined || marks["BENCH-END"] === undefined) throw new Error("the CPU workload printed no markers");
  return marks["BENCH-END"] - marks["BENCH-START"];
}
