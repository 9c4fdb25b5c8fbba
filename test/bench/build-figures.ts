// Build and commit figures, measured through the Engine API on the engine under Node with the real
// guest: a 6-step Dockerfile on a cached busybox built cold, then again after a one-line change to
// its RUN step, beside that step's command run on its own in a container; and `docker commit` of a
// container that wrote 50 MB, beside native `tar -czf` of the same files.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineApi } from "../../src/api/engine-api.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { nodeTestEngine, runToExit } from "../integration/node-engine.ts";

export interface BuildFigures {
  coldBuildMs: number;
  changedRebuildMs: number;
  /** The changed RUN step's command in a container of the image before it (create, start, wait, remove). */
  changedStepAloneMs: number;
  commitBytes: number;
  commitMs: number;
  nativeTarGzipMs: number;
}

const encoder = new TextEncoder();
const commitMegabytes = 50;

/** A RUN with a second or so of work in the guest: `rounds` decides the output. */
const runStep = (rounds: number) => `seq 1 ${rounds} | sha256sum > digest.txt && wc -l < data.txt >> digest.txt`;

function dockerfile(rounds: number): string {
  return ["FROM busybox", "ENV APP=bench", "WORKDIR /app", "COPY data.txt .", `RUN ${runStep(rounds)}`, 'CMD ["cat", "digest.txt"]'].join("\n");
}

async function build(engine: EngineApi, rounds: number, nocache: boolean): Promise<{ ms: number; stepImages: string[] }> {
  const context = writeTar([
    { path: "Dockerfile", type: "file", data: encoder.encode(dockerfile(rounds)) },
    { path: "data.txt", type: "file", data: encoder.encode("line\n".repeat(1000)) },
  ]);
  const stepImages: string[] = [];
  const started = performance.now();
  const connection = await engine.imageBuild({ body: context, t: ["bench-build"], nocache }, {
    report: (message) => {
      const id = / ---> ([0-9a-f]{12})\n/.exec(message.stream ?? "")?.[1];
      if (id) stepImages.push(id);
    },
  });
  await connection.done();
  return { ms: performance.now() - started, stepImages };
}

async function commitFigures(engine: EngineApi): Promise<Pick<BuildFigures, "commitBytes" | "commitMs" | "nativeTarGzipMs">> {
  const write = `mkdir /data && for i in $(seq 1 ${commitMegabytes}); do head -c 1000000 /dev/urandom > /data/file$i; done`;
  const writer = await runToExit(engine, { Image: "busybox", Cmd: ["sh", "-c", write] });
  if (writer.exitCode !== 0) throw new Error(`the writing container failed: ${writer.stderr}`);
  const started = performance.now();
  const { Id: image } = await engine.imageCommit({ container: writer.id, body: {} });
  const commitMs = performance.now() - started;

  const native = mkdtempSync(join(tmpdir(), "berth-bench-commit-"));
  try {
    const { archive } = await engine.containerArchive({ id: writer.id, path: "/data" });
    writeFileSync(join(native, "data.tar"), archive);
    mkdirSync(join(native, "files"));
    execFileSync("tar", ["-xf", join(native, "data.tar"), "-C", join(native, "files")]);
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const tarStarted = performance.now();
      execFileSync("tar", ["-czf", join(native, "out.tgz"), "-C", join(native, "files"), "."]);
      runs.push(performance.now() - tarStarted);
    }
    return { commitBytes: commitMegabytes * 1e6, commitMs, nativeTarGzipMs: runs.sort((a, b) => a - b)[1]! };
  } finally {
    rmSync(native, { recursive: true, force: true });
    await engine.containerDelete({ id: writer.id });
    await engine.imageDelete({ name: image });
  }
}

export async function measureBuild(): Promise<BuildFigures> {
  const state = mkdtempSync(join(tmpdir(), "berth-bench-build-"));
  try {
    const engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
    for (let i = 0; i < 3; i++) await runToExit(engine, { Image: "busybox", Cmd: ["true"], HostConfig: { AutoRemove: true } });

    const cold = await build(engine, 20_000, true);
    const changed = await build(engine, 20_001, false);
    // The image the changed step ran on: the one after COPY (FROM, ENV, WORKDIR, COPY).
    const beforeRun = changed.stepImages[3];
    if (!beforeRun) throw new Error("the rebuild reported no image before its RUN step");
    const aloneStarted = performance.now();
    const alone = await runToExit(engine, { Image: beforeRun, Cmd: ["/bin/sh", "-c", runStep(20_002)], HostConfig: { AutoRemove: true } });
    const changedStepAloneMs = performance.now() - aloneStarted;
    if (alone.exitCode !== 0) throw new Error(`the step alone failed: ${alone.stderr}`);
    return { coldBuildMs: cold.ms, changedRebuildMs: changed.ms, changedStepAloneMs, ...(await commitFigures(engine)) };
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}
