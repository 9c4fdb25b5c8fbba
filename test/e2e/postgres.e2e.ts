// A real database in the page, typed as a person would: the postgres fixture (Debian's postgresql-15,
// pulled from Debian's docker-registry on loopback) initialises its cluster in the container's
// writable layer, loads a 50 MB table, and answers a query about it, which a guest tmpfs of the old
// size could not hold.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { LocalRegistry } from "../registry/local-registry.ts";
import { postgresCheckSql, postgresLoadRows as rows, postgresLoadSql as loadSql, postgresWaitScript } from "../fixtures/postgres-load.ts";
import { openAppWithFixtureRegistry, type FixtureRegistrySession } from "./fixture-registry-session.ts";
import { outputLines, runCommand } from "./terminal-driver.ts";

let session: FixtureRegistrySession;
let registry: LocalRegistry;
let page: Page;
let postgres: string;

const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);

beforeAll(async () => {
  session = await openAppWithFixtureRegistry(["postgres"]);
  ({ registry, page } = session);
  postgres = `${registry.host}/postgres`;
}, 900_000);

afterAll(async () => {
  await session?.close();
});

describe("a postgres server in the page", () => {
  it("pulls the postgres image from the loopback registry", async () => {
    const output = await run(`docker pull ${postgres}`, 600_000);
    expect(output).toContain(`Status: Downloaded newer image for ${postgres}:latest`);
  }, 600_000);

  it("initialises its cluster and accepts connections", async () => {
    expect(outputLines(await run(`docker run -d --name db ${postgres}`))[0]).toMatch(/^[0-9a-f]{64}$/);
    const ready = await run(`docker exec db sh -c '${postgresWaitScript}'`, 900_000);
    expect(outputLines(ready)).toContain("accepting");
    expect(await run("docker logs db")).toContain("database system is ready to accept connections");
  }, 900_000);

  it("loads a 50 MB table and answers a query about it", async () => {
    expect(await run(`docker exec db psql -v ON_ERROR_STOP=1 -c "${loadSql}"`, 1_200_000)).toContain(`SELECT ${rows}`);
    const answer = outputLines(
      await run(`docker exec db psql -tA -c "${postgresCheckSql}"`, 600_000),
    );
    expect(answer).toContain(`${rows}|${rows * 512}|t`);
    expect(await run("docker logs db")).not.toMatch(/PANIC|No space left on device/);
  }, 1_800_000);
});
