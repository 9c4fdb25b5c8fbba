// `docker build` in the engine under Node with the real guest: a Dockerfile on busybox with ENV,
// LABEL, WORKDIR, COPY and CMD builds an image that runs, a rebuild comes from the layer cache, and
// a change re-runs only the steps from it on; RUN steps run in containers and leave nothing behind.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineApi } from "../../src/api/engine-api.ts";
import type { BuildInfo } from "../../src/api/types.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { guestImageAvailable } from "./guest-fixture.ts";
import { mountSmallDisk, type SmallDisk } from "../e2e/small-disk.ts";
import { nodeTestEngine, runToExit } from "./node-engine.ts";

const encoder = new TextEncoder();
const file = (path: string, text: string, mode = 0o644): TarWriterEntry => ({ path, type: "file", data: encoder.encode(text), mode });

async function build(engine: EngineApi, files: TarWriterEntry[], tag: string, buildArgs: Record<string, string> = {}): Promise<{ text: string; id: string }> {
  const messages: BuildInfo[] = [];
  const request = { t: [tag], body: writeTar(files), buildargs: JSON.stringify(buildArgs) };
  const connection = await engine.imageBuild(request, { report: (message) => messages.push(message) });
  await connection.done();
  const id = messages.find((message) => message.aux)?.aux?.ID ?? "";
  return { text: messages.map((message) => message.stream ?? "").join(""), id };
}

describe.skipIf(!guestImageAvailable)("docker build (real guest under Node)", () => {
  let state: string;
  let disk: SmallDisk | undefined;
  let engine: EngineApi;

  beforeAll(async () => {
    // A real, small file system: a RUN that fills the disk meets its end within seconds.
    disk = mountSmallDisk(160);
    state = disk.path;
    engine = nodeTestEngine(state);
    await (await engine.engineStart({}, { report: () => undefined })).done();
  }, 120_000);

  afterAll(() => {
    disk?.remove();
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

  it("runs RUN steps in the guest: shell and exec forms, a here-document, build args, deletions", async () => {
    const lines = [
      "FROM busybox",
      "ARG FLAVOUR=plain",
      "RUN echo \"$FLAVOUR\" > /flavour && touch /doomed && echo made it",
      'RUN ["/bin/sh", "-c", "rm /doomed && echo exec form >> /flavour"]',
      "RUN <<EOF",
      "echo from a heredoc >> /flavour",
      "EOF",
      'CMD ["sh", "-c", "cat /flavour; test -e /doomed || echo doomed gone"]',
    ];
    const first = await build(engine, [file("Dockerfile", lines.join("\n"))], "runner", { FLAVOUR: "mint" });
    expect(first.text).toMatch(/Step 3\/6 : RUN echo "\$FLAVOUR" > \/flavour && .*\n ---> Running in [0-9a-f]{12}\nmade it\n ---> Removed intermediate container [0-9a-f]{12}\n ---> [0-9a-f]{12}\n/);
    expect((await runToExit(engine, { Image: "runner", HostConfig: { AutoRemove: true } })).stdout).toBe("mint\nexec form\nfrom a heredoc\ndoomed gone\n");
    const history = await engine.imageHistory({ name: "runner" });
    expect(history.map((item) => item.CreatedBy)).toContain('|1 FLAVOUR=mint /bin/sh -c echo "$FLAVOUR" > /flavour && touch /doomed && echo made it');

    const cached = await build(engine, [file("Dockerfile", lines.join("\n"))], "runner", { FLAVOUR: "mint" });
    expect(cached.text).not.toContain("Running in");
    const other = await build(engine, [file("Dockerfile", lines.join("\n"))], "runner", { FLAVOUR: "lime" });
    expect(other.text.match(/Running in/g)).toHaveLength(3);

    const containersBefore = (await engine.containerList({ all: true })).length;
    await expect(build(engine, [file("Dockerfile", "FROM busybox\nRUN echo trying; exit 4\n")], "failing")).rejects.toThrow(
      "The command '/bin/sh -c echo trying; exit 4' returned a non-zero code: 4",
    );
    expect(await engine.containerList({ all: true })).toHaveLength(containersBefore);
  }, 180_000);

  it("fails on a Dockerfile it cannot read, naming the line, and on a path outside the context", async () => {
    await expect(build(engine, [file("Dockerfile", "FROM busybox\nCOPY ../x /\n")], "bad")).rejects.toThrow("COPY failed: forbidden path outside the build context: ../x ()");
    await expect(build(engine, [file("Dockerfile", "FROM busybox\nFETCH x\n")], "bad")).rejects.toThrow("dockerfile parse error on line 2 of Dockerfile (FETCH): unknown instruction: FETCH");
  });

  it("names a missing COPY source, fails a RUN that fills the disk, and keeps nothing of either", async () => {
    const imagesBefore = await engine.imageList({ all: true });
    const containersBefore = await engine.containerList({ all: true });
    await expect(build(engine, [file("Dockerfile", "FROM busybox\nCOPY missing.txt /\n")], "bad")).rejects.toThrow(
      "COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist",
    );
    const filling = build(engine, [file("Dockerfile", "FROM busybox\nRUN dd if=/dev/zero of=/fill bs=1M 2>&1 | grep -q \"No space left on device\" && exit 9\n")], "bad");
    await expect(filling).rejects.toThrow("returned a non-zero code: 9");
    expect(await engine.imageList({ all: true })).toEqual(imagesBefore);
    expect(await engine.containerList({ all: true })).toEqual(containersBefore);
    expect((await runToExit(engine, { Image: "busybox", Cmd: ["echo", "still up"], HostConfig: { AutoRemove: true } })).stdout).toBe("still up\n");
  }, 180_000);
});
