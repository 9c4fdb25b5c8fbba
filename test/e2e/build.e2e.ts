// Building images in the page, typed as a person would: a Dockerfile written with a here-document
// into the workspace, built, run, changed and rebuilt from the cache; a multi-stage build that
// compiles C in a gcc image (built from Debian packages) and copies the binary into busybox; COPY's
// options, build args and targets; commit and diff; and the bad inputs, each refused with Docker's
// kind of message and nothing left behind.

import { mkdtempSync } from "node:fs";
import { rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { MAX_BUILD_CONTEXT_BYTES } from "../../src/api/build-limits.ts";
import type { LocalRegistry } from "../registry/local-registry.ts";
import { openAppWithFixtureRegistry, type FixtureRegistrySession } from "./fixture-registry-session.ts";
import { outputLines, runCommand, typeLine, waitForPrompt, waitForScreen, clearScreen } from "./terminal-driver.ts";

let session: FixtureRegistrySession;
let registry: LocalRegistry;
let page: Page;
let local: string;

const buildTimeoutMs = 300_000;
const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);
/** The output with the terminal's line wrapping undone. */
const unwrapped = (output: string) => output.replace(/\n/g, "");

/** Writes a workspace file with a here-document, as a person would type it. */
async function typeFile(name: string, lines: string[]): Promise<void> {
  await clearScreen(page);
  await typeLine(page, `cat > ${name} <<'EOF'`);
  for (const line of lines) await typeLine(page, line);
  await typeLine(page, "EOF");
  await waitForPrompt(page);
}

beforeAll(async () => {
  session = await openAppWithFixtureRegistry();
  ({ registry, page } = session);
  local = registry.host;
}, 900_000);

afterAll(async () => {
  await session?.close();
});

describe("docker build in the page", () => {
  it("builds a Dockerfile written with a here-document, runs it, and rebuilds a one-line change from the cache", async () => {
    await run("mkdir -p greeter");
    await run("cd greeter");
    await typeFile("Dockerfile", ["FROM busybox", "ENV WHO=page", "WORKDIR /app", "COPY hello.txt .", "RUN echo built by $WHO > by.txt", 'CMD ["cat", "hello.txt", "by.txt"]']);
    await typeFile("hello.txt", ["hello from the workspace"]);
    const built = await run("docker build -t greeter .", buildTimeoutMs);
    expect(built).toMatch(/Sending build context to Docker daemon +[\d.]+kB/);
    expect(built).toContain("Step 1/6 : FROM busybox");
    expect(built).toContain("Step 5/6 : RUN echo built by $WHO > by.txt");
    expect(built).toMatch(/Successfully built [0-9a-f]{12}\s+Successfully tagged greeter:latest/);
    expect(outputLines(await run("docker run --rm greeter"))).toEqual(["hello from the workspace", "built by page"]);

    await typeFile("Dockerfile", ["FROM busybox", "ENV WHO=page", "WORKDIR /app", "COPY hello.txt .", "RUN echo rebuilt by $WHO > by.txt", 'CMD ["cat", "hello.txt", "by.txt"]']);
    const rebuilt = await run("docker build -t greeter .", buildTimeoutMs);
    expect(rebuilt.match(/ ---> Using cache/g)).toHaveLength(3);
    expect(rebuilt).toMatch(/Step 5\/6 : RUN echo rebuilt by \$WHO > by.txt\s+---> Running in [0-9a-f]{12}/);
    expect(outputLines(await run("docker run --rm greeter"))).toEqual(["hello from the workspace", "rebuilt by page"]);
    const history = await run("docker history --format '{{.CreatedBy}}' greeter");
    expect(unwrapped(history)).toContain("/bin/sh -c echo rebuilt by $WHO > by.txt");
    await run("cd ..");
  });

  it("builds from a Dockerfile on stdin (a here-document)", async () => {
    await clearScreen(page);
    await typeLine(page, "docker build -q -t from-stdin - <<'EOF'");
    await typeLine(page, "FROM busybox");
    await typeLine(page, 'CMD ["echo", "from stdin"]');
    await typeLine(page, "EOF");
    const screen = await waitForPrompt(page, buildTimeoutMs);
    expect(screen).toMatch(/sha256:[0-9a-f]{64}/);
    expect(outputLines(await run("docker run --rm from-stdin"))).toEqual(["from stdin"]);
  });

  it("compiles C in a gcc image and copies the binary into a busybox stage", async () => {
    await run("mkdir -p hello-c");
    await run("cd hello-c");
    await typeFile("hello.c", ["#include <stdio.h>", 'int main(void) { printf("hello from C\\n"); return 0; }']);
    await typeFile("Dockerfile", [
      `FROM ${local}/gcc AS compile`,
      "WORKDIR /src",
      "COPY hello.c .",
      "RUN gcc -static -O2 -o hello hello.c",
      `FROM ${local}/busybox`,
      "COPY --from=compile /src/hello /usr/local/bin/hello",
      'CMD ["hello"]',
    ]);
    const built = await run("docker build -t hello-c .", 600_000);
    expect(built).toMatch(/Successfully tagged hello-c:latest/);
    expect(outputLines(await run("docker run --rm hello-c"))).toEqual(["hello from C"]);
    await run("cd ..");
  }, 900_000);

  it("honours .dockerignore, COPY --chown and --chmod, ARG with --build-arg, and --target", async () => {
    await run("mkdir -p options");
    await run("cd options");
    await typeFile(".dockerignore", ["secret.txt"]);
    await run("echo keep > keep.txt");
    await run("echo hidden > secret.txt");
    await typeFile("Dockerfile", [
      "ARG FLAVOUR=plain",
      "FROM busybox AS base",
      "ARG FLAVOUR",
      "COPY --chown=123:45 --chmod=640 keep.txt /data/",
      "COPY . /context/",
      "RUN echo $FLAVOUR > /flavour",
      "FROM base AS final",
      "RUN echo final > /stage",
    ]);
    expect(await run("docker build --build-arg FLAVOUR=mint --target base -t options-base .", buildTimeoutMs)).toMatch(/Successfully tagged options-base:latest/);
    const listing = outputLines(await run("docker run --rm options-base sh -c 'ls -n /data/keep.txt | cut -c1-10; stat -c %u:%g /data/keep.txt; cat /flavour; ls /context; ls /stage || true'"));
    expect(listing).toEqual(["-rw-r-----", "123:45", "mint", "Dockerfile", "keep.txt", "ls: /stage: No such file or directory"]);
    await run("cd ..");
  });

  it("commits a changed container, whose diff shows A, C and D, and runs the result", async () => {
    await run("docker run --name changer busybox sh -c 'echo new > /added && echo changers:x:1234: >> /etc/group && rm /bin/vi'");
    expect(outputLines(await run("docker diff changer"))).toEqual(["A /added", "C /bin", "D /bin/vi", "C /etc", "C /etc/group"]);
    const committed = await run('docker commit -c "CMD cat /added" -m "from the page" changer committed:v1');
    expect(committed).toMatch(/sha256:[0-9a-f]{64}/);
    expect(outputLines(await run("docker run --rm committed:v1"))).toEqual(["new"]);
    await run("docker rm changer");
  });

  it("refuses bad input with Docker's kind of message and keeps nothing", async () => {
    const images = outputLines(await run("docker images -q -a"));
    const containers = outputLines(await run("docker ps -a -q"));
    await run("mkdir -p bad");
    await run("cd bad");

    await typeFile("Dockerfile", ["FROM busybox", "FETCH x"]);
    let output = await run("docker build -t bad .", buildTimeoutMs);
    expect(unwrapped(output)).toContain("dockerfile parse error on line 2 of Dockerfile (FETCH): unknown instruction: FETCH");

    await typeFile("Dockerfile", ["FROM busybox", "COPY missing.txt /"]);
    output = await run("docker build -t bad .", buildTimeoutMs);
    expect(unwrapped(output)).toContain("COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist");

    await typeFile("Dockerfile", ["FROM busybox", "COPY ../outside /"]);
    output = await run("docker build -t bad .", buildTimeoutMs);
    expect(unwrapped(output)).toContain("COPY failed: forbidden path outside the build context: ../outside ()");

    await typeFile("Dockerfile", [`FROM ${local}/amd64only`, "RUN true"]);
    output = await run("docker build -t bad .", buildTimeoutMs);
    expect(unwrapped(output)).toContain("no matching manifest for linux/386 in the manifest list entries");

    await typeFile("Dockerfile", ["FROM busybox", "RUN echo trying; exit 3"]);
    output = await run("docker build -t bad .", buildTimeoutMs);
    expect(output).toContain("trying");
    expect(unwrapped(output)).toContain("The command '/bin/sh -c echo trying; exit 3' returned a non-zero code: 3");

    // A step's writable layer holds gigabytes now; its 64 MB /dev/shm fills within seconds.
    await typeFile("Dockerfile", ["FROM busybox", "RUN dd if=/dev/zero of=/dev/shm/fill bs=1M"]);
    output = await run("docker build -t bad .", buildTimeoutMs);
    expect(unwrapped(output)).toContain("No space left on device");
    expect(unwrapped(output)).toMatch(/The command '\/bin\/sh -c dd if=\/dev\/zero of=\/dev\/shm\/fill bs=1M' returned a non-zero code: 1/);

    expect(await run("docker build -t bad nowhere")).toContain('unable to prepare context: path "nowhere" not found');

    // A context over the limit, with a file uploaded as a person would (sparse on the host's disk).
    const big = join(mkdtempSync(join(tmpdir(), "berth-big-")), "big.bin");
    await writeFile(big, "");
    await truncate(big, MAX_BUILD_CONTEXT_BYTES + 1024 * 1024);
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await (await chooser).setFiles(big);
    await waitForScreen(page, /Uploaded 1 file to ~\/bad/, 120_000);
    await typeFile("Dockerfile", ["FROM busybox", "COPY big.bin /"]);
    output = await run("docker build -t bad .", buildTimeoutMs);
    expect(unwrapped(output)).toContain(`unable to prepare context: archive /bad: the files add up to more than ${MAX_BUILD_CONTEXT_BYTES} bytes`);
    await run("rm big.bin");
    await rm(dirname(big), { recursive: true, force: true });

    expect(outputLines(await run("docker images -q -a"))).toEqual(images);
    expect(outputLines(await run("docker ps -a -q"))).toEqual(containers);
    expect(outputLines(await run("docker run --rm busybox echo still here"))).toEqual(["still here"]);
    await run("cd ..");
  }, 900_000);
});
