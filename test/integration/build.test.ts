// `docker build` in the engine under Node with the real guest: a Dockerfile on busybox with ENV,
// LABEL, WORKDIR, COPY and CMD builds an image that runs, a rebuild comes from the layer cache, and
// a change re-runs only the steps from it on.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../src/api/engine-api.ts";
import type { BuildInfo } from "../../src/api/types.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { guestImageAvailable } from "./guest-fixture.ts";
import { nodeTestEngine, runToExit } from "./node-engine.ts";

const encoder = new TextEncoder();
const file = (path: string, text: string, mode = 0o644): TarWriterEntry => ({ path, type: "file", data: encoder.encode(text), mode });

async function build(engine: EngineApi, files: TarWriterEntry[], tag: string): Promise<{ text: string; id: string }> {
  const messages: BuildInfo[] = [];
  const connection = await engine.imageBuild({ t: [tag], body: writeTar(files) }, { report: (message) => messages.push(message) });
  await connection.done();
  const id = messages.find((message) => message.aux)?.aux?.ID ?? "";
  return { text: messages.map((message) => message.stream ?? "").join(""), id };
}

describe.skipIf(!guestImageAvailable)("docker build (real guest under Node)", () => {
  let state: string;
  let engine: EngineApi;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), "berth-build-"));
    engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
  }, 120_000);

  afterAll(() => {
    if (state) rmSync(state, { recursive: true, force: true });
  });

  const dockerfile = (greeting: string) =>
    file(
      "Dockerfile",
      [
        "FROM busybox",
        `ENV GREETING="${greeting}"`,
        "LABEL org.example.app=demo",
        "WORKDIR /app",
        "COPY --chmod=755 greet.sh ./",
        "COPY data/ data/",
        'CMD ["./greet.sh"]',
      ].join("\n"),
    );
  const context = (greeting: string, data = "one") => [
    dockerfile(greeting),
    file("greet.sh", '#!/bin/sh\necho "$GREETING from $(pwd)"\ncat data/*\nls -l greet.sh | cut -c1-10\n'),
    file("data/a.txt", `${data}\n`),
    file(".dockerignore", "secret.txt\n"),
    file("secret.txt", "do not send"),
  ];

  it("builds an image that runs, and rebuilds it from the cache", async () => {
    const first = await build(engine, context("hello"), "greeter");
    expect(first.text).toMatch(/^Step 1\/7 : FROM busybox\n ---> [0-9a-f]{12}\nStep 2\/7 : ENV GREETING="hello"\n ---> [0-9a-f]{12}\n/);
    expect(first.text).toContain(`Successfully built ${first.id.slice(7, 19)}\nSuccessfully tagged greeter:latest\n`);

    const run = await runToExit(engine, { Image: "greeter", HostConfig: { AutoRemove: true } });
    expect(run).toMatchObject({ exitCode: 0, stdout: "hello from /app\none\n-rwxr-xr-x\n" });
    const inspect = await engine.imageInspect({ name: "greeter" });
    expect(inspect.Config).toMatchObject({ WorkingDir: "/app", Labels: { "org.example.app": "demo" }, Cmd: ["./greet.sh"] });
    const history = await engine.imageHistory({ name: "greeter" });
    expect(history[0]).toMatchObject({ CreatedBy: '/bin/sh -c #(nop)  CMD ["./greet.sh"]', Size: 0 });

    const again = await build(engine, context("hello"), "greeter");
    expect(again.id).toBe(first.id);
    expect(again.text.match(/ ---> Using cache\n/g)).toHaveLength(6);

    const changed = await build(engine, context("hello", "two"), "greeter");
    expect(changed.text.match(/ ---> Using cache\n/g)).toHaveLength(4);
    expect((await runToExit(engine, { Image: "greeter", HostConfig: { AutoRemove: true } })).stdout).toBe("hello from /app\ntwo\n-rwxr-xr-x\n");

    const listed = await engine.imageList({});
    expect(listed.filter((image) => image.RepoTags.length === 0)).toHaveLength(1); // the first greeter, now untagged
  }, 120_000);

  it("fails on a Dockerfile it cannot read, naming the line, and on a path outside the context", async () => {
    await expect(build(engine, [file("Dockerfile", "FROM busybox\nCOPY ../x /\n")], "bad")).rejects.toThrow("COPY failed: forbidden path outside the build context: ../x ()");
    await expect(build(engine, [file("Dockerfile", "FROM busybox\nFETCH x\n")], "bad")).rejects.toThrow("dockerfile parse error on line 2 of Dockerfile (FETCH): unknown instruction: FETCH");
  });
});
