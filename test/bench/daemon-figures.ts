// berth daemon figures: start to the first `docker version` answer (cold, then from the snapshot),
// `docker run --rm busybox true` through the real docker CLI, and requests per second of
// GET /containers/json with 10 containers present, from a loopback load generator bounded in count
// and time.

import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker, startDaemon } from "../integration/daemon-process.ts";

export interface DaemonFigures {
  coldStartToVersionMs: number;
  snapshotStartToVersionMs: number;
  cliRunTrueMs: number[];
  listRequestsPerSecond: number;
  listRequests: number;
}

const loadRequests = 3000;
const loadConcurrency = 16;
const loadTimeLimitMs = 20_000;

export async function measureDaemon(runs: number): Promise<DaemonFigures> {
  const stateDirectory = await mkdtemp(join(tmpdir(), "berth-bench-daemon-"));
  try {
    const coldStartToVersionMs = await startToVersion(stateDirectory, true);
    const started = Date.now();
    const daemon = await startDaemon(stateDirectory);
    await mustSucceed(docker(daemon.socket, ["version"]));
    const snapshotStartToVersionMs = Date.now() - started;
    try {
      await mustSucceed(docker(daemon.socket, ["run", "--rm", "busybox", "true"]));
      const cliRunTrueMs: number[] = [];
      for (let run = 0; run < runs; run++) {
        const before = performance.now();
        await mustSucceed(docker(daemon.socket, ["run", "--rm", "busybox", "true"]));
        cliRunTrueMs.push(performance.now() - before);
      }
      for (let index = 0; index < 10; index++) await mustSucceed(docker(daemon.socket, ["create", "busybox", "true"]));
      const load = await listLoad(daemon.url);
      return { coldStartToVersionMs, snapshotStartToVersionMs, cliRunTrueMs, listRequestsPerSecond: load.perSecond, listRequests: load.completed };
    } finally {
      await daemon.stop();
    }
  } finally {
    await rm(stateDirectory, { recursive: true, force: true });
  }
}

async function startToVersion(stateDirectory: string, stop: boolean): Promise<number> {
  const started = Date.now();
  const daemon = await startDaemon(stateDirectory);
  await mustSucceed(docker(daemon.socket, ["version"]));
  const elapsed = Date.now() - started;
  if (stop) await daemon.stop();
  return elapsed;
}

async function mustSucceed(result: Promise<{ code: number; stderr: string }>): Promise<void> {
  const { code, stderr } = await result;
  if (code !== 0) throw new Error(`docker failed (${code}): ${stderr}`);
}

/** Keeps `loadConcurrency` requests in flight until `loadRequests` are done or the time limit passes. */
async function listLoad(baseUrl: string): Promise<{ completed: number; perSecond: number }> {
  const url = `${baseUrl}/v1.50/containers/json?all=1`;
  const started = performance.now();
  let issued = 0;
  let completed = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      request(url, (response) => {
        if (response.statusCode !== 200) reject(new Error(`GET /containers/json answered ${response.statusCode}`));
        response.resume();
        response.on("end", resolve);
      })
        .on("error", reject)
        .end();
    });
  const lane = async () => {
    while (issued < loadRequests && performance.now() - started < loadTimeLimitMs) {
      issued++;
      await one();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: loadConcurrency }, lane));
  return { completed, perSecond: completed / ((performance.now() - started) / 1000) };
}
