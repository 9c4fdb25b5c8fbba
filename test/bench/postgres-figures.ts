// The postgres fixture on a fresh engine under Node (the image pulled from the loopback registry
// first, untimed): how long its first start takes to accept connections (initdb included), and the
// wall time of loading the 50 MB table (test/fixtures/postgres-load.ts) with psql in the container.
//
// Run alone: node --import tsx test/bench/postgres-figures.ts

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { postgresCheckSql, postgresLoadRows, postgresLoadSql, postgresWaitScript } from "../fixtures/postgres-load.ts";
import { execToExit, nodeTestEngine } from "../integration/node-engine.ts";
import { startLocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";

export interface PostgresFigures {
  /** From docker start to pg_isready answering, the cluster's initialisation included. */
  readyMs: number;
  /** psql's CREATE TABLE … AS of the 50 MB table, wall time. */
  loadMs: number;
}

/** `image` is the postgres fixture's reference in a registry the engine may reach. */
export async function measurePostgres(image: string): Promise<PostgresFigures> {
  const state = mkdtempSync(join(tmpdir(), "berth-bench-postgres-"));
  try {
    const engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
    await (await engine.imageCreate({ fromImage: image }, { report: () => undefined })).done();
    const { Id: id } = await engine.containerCreate({ name: "db", body: { Image: image } });
    const started = performance.now();
    await engine.containerStart({ id });
    await psql(engine, id, ["sh", "-c", postgresWaitScript]);
    const readyMs = performance.now() - started;
    const loading = performance.now();
    await psql(engine, id, ["psql", "-v", "ON_ERROR_STOP=1", "-c", postgresLoadSql]);
    const loadMs = performance.now() - loading;
    const answer = (await psql(engine, id, ["psql", "-tA", "-c", postgresCheckSql])).trim();
    if (answer !== `${postgresLoadRows}|${postgresLoadRows * 512}|t`) throw new Error(`postgres bench: the table is not as loaded: ${answer}`);
    return { readyMs, loadMs };
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

async function psql(engine: ReturnType<typeof nodeTestEngine>, id: string, cmd: string[]): Promise<string> {
  const result = await execToExit(engine, id, cmd);
  if (result.exitCode !== 0) throw new Error(`postgres bench: ${cmd.join(" ")} exited with ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}

export function postgresRows(figures: PostgresFigures): [string, string, string, string][] {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    ["postgres fixture: first start to accepting connections, initdb included (engine under Node)", seconds(figures.readyMs), "", "bookworm's postgresql-15"],
    [`postgres fixture: loading a 50 MB table (${postgresLoadRows.toLocaleString("en")} rows, CREATE TABLE … AS), wall time`, seconds(figures.loadMs), "", "psql in the container, onto its writable layer"],
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fixtures = await ensureFixtures();
  const registry = await startLocalRegistry();
  try {
    await pushFixtures(registry.url, fixtures, ["postgres"]);
    process.env.BERTH_ALLOW_REGISTRIES = registry.host;
    console.log(postgresRows(await measurePostgres(`${registry.host}/postgres`)));
  } finally {
    await registry.close();
  }
  // The engine keeps its guest's timers alive (the Engine API has no shutdown).
  process.exit(0);
}
