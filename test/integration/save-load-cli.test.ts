// The real docker CLI's save, load and import against a real `berth daemon`: archives piped from
// save to load, written with -o and read with -i, gzip-compressed, an archive the real dockerd
// wrote (Docker's older format), a filesystem tarball imported; a corrupt archive fails as
// Docker's do and leaves the daemon's images as they were.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTar } from "../../src/tar/tar-reader.ts";
import { ensureDockerSaveArchive, type DockerSaveFixture } from "../fixtures/docker-save-archive.ts";
import { docker, dockerShell, startDaemon, type DaemonProcess } from "./daemon-process.ts";

let state: string;
let files: string;
let daemon: DaemonProcess;
let realArchive: DockerSaveFixture;
const cli = (args: string[], options?: { timeoutMs?: number }) => docker(daemon.socket, args, options);
const shell = (commandLine: string) => dockerShell(daemon.socket, commandLine, { timeoutMs: 120_000 });
const imageNames = async () => (await cli(["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"])).stdout.split("\n").filter(Boolean).sort();

beforeAll(async () => {
  realArchive = await ensureDockerSaveArchive();
  state = await mkdtemp(join(tmpdir(), "berth-saveload-"));
  files = await mkdtemp(join(tmpdir(), "berth-saveload-files-"));
  daemon = await startDaemon(state);
}, 600_000);

afterAll(async () => {
  await daemon?.stop();
  await rm(state, { recursive: true, force: true });
  await rm(files, { recursive: true, force: true });
}, 60_000);

describe("docker save, load and import against berth daemon", { timeout: 180_000 }, () => {
  it("docker save busybox | docker load, plain and through gzip", async () => {
    expect(await shell("docker save busybox | docker load")).toMatchObject({ code: 0, stdout: "Loaded image: busybox:latest\n", stderr: "" });
    expect(await shell("docker save busybox | gzip | docker load")).toMatchObject({ code: 0, stdout: "Loaded image: busybox:latest\n", stderr: "" });
  });

  it("docker save -o writes Docker's archive with an OCI layout; after rmi, docker load -i brings the image back and it runs", async () => {
    const archive = join(files, "busybox.tar");
    const id = (await cli(["image", "inspect", "busybox", "--format", "{{.Id}}"])).stdout.trim();
    expect(await cli(["save", "-o", archive, "busybox"])).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const paths = [...readTar(new Uint8Array(await readFile(archive)))].map((entry) => entry.path);
    expect(paths).toEqual(expect.arrayContaining(["manifest.json", "index.json", "oci-layout", "repositories", `blobs/sha256/${id.slice(7)}`]));

    expect((await cli(["rmi", "busybox"])).code).toBe(0);
    expect(await imageNames()).not.toContain(expect.stringMatching(/^busybox:/));
    expect(await cli(["load", "-i", archive])).toMatchObject({ code: 0, stdout: "Loaded image: busybox:latest\n" });
    expect((await cli(["image", "inspect", "busybox", "--format", "{{.Id}}"])).stdout.trim()).toBe(id);
    expect(await cli(["run", "--rm", "busybox", "echo", "ok"])).toMatchObject({ code: 0, stdout: "ok\n" });
  });

  it("loads an archive the real dockerd saved (Docker's older format) and runs its images", async () => {
    const loaded = await cli(["load", "-i", realArchive.path]);
    expect(loaded).toMatchObject({ code: 0, stdout: "Loaded image: fixture/busybox:latest\nLoaded image: fixture/busybox:two\n", stderr: "" });
    expect(await cli(["run", "--rm", "fixture/busybox:two", "cat", "/etc/hello.txt"])).toMatchObject({ code: 0, stdout: realArchive.hello });
    expect((await cli(["history", "fixture/busybox:two", "--format", "{{.CreatedBy}}"])).stdout).toContain("COPY file:");
  });

  it("docker import of an exported container's filesystem, with --change and -m", async () => {
    const tarball = join(files, "rootfs.tar");
    expect((await cli(["create", "--name", "to-export", "busybox"])).code).toBe(0);
    expect((await cli(["export", "-o", tarball, "to-export"])).code).toBe(0);
    const imported = await cli(["import", "-c", "CMD [\"echo\", \"imported\"]", "-m", "from export", tarball, "imported:1"]);
    expect(imported.stderr).toBe("");
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^sha256:[0-9a-f]{64}\n$/) });
    expect(await cli(["run", "--rm", "imported:1"])).toMatchObject({ code: 0, stdout: "imported\n" });
    expect((await cli(["history", "imported:1", "--format", "{{.Comment}}"])).stdout).toBe("from export\n");
    expect(await shell(`docker import - piped < ${tarball}`)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^sha256:/) });
    await cli(["rm", "to-export"]);
  });

  it("a corrupt archive fails with Docker's error and changes nothing", async () => {
    const before = await imageNames();
    const good = new Uint8Array(await readFile(join(files, "busybox.tar")));
    const corrupt = join(files, "corrupt.tar");
    await writeFile(corrupt, good.subarray(0, Math.floor(good.length / 2)));
    const result = await cli(["load", "-i", corrupt]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error response from daemon: invalid tar archive: truncated/);
    const notTar = join(files, "not-a-tar");
    await writeFile(notTar, "definitely not an archive\n".repeat(40));
    expect((await cli(["import", notTar, "broken:1"])).stderr).toMatch(/^Error response from daemon: .*invalid tar archive/);
    expect(await imageNames()).toEqual(before);
  });

  it("docker save of an image that does not exist", async () => {
    const result = await cli(["save", "-o", join(files, "nothere.tar"), "nothere"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No such image: nothere:latest");
  });
});
