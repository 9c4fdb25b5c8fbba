// The real docker CLI against a real `berth daemon` (a child process with the real guest), on its
// unix socket: real output and exit codes, then a daemon restart that keeps what was there.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { REGISTRY_LOGIN, startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { docker, dockerWithTty, startDaemon, startTestbed, type DaemonProcess, type DaemonTestbed } from "./daemon-process.ts";
import { makeCertificates } from "./tls-certificates.ts";

let testbed: DaemonTestbed;
let stateDirectory: string;
let daemon: DaemonProcess;
let registry: LocalRegistry;
const cli = (args: string[], options?: { input?: string; timeoutMs?: number }) => docker(daemon.socket, args, options);

beforeAll(async () => {
  testbed = await startTestbed();
  ({ daemon, registry, stateDirectory } = testbed);
}, 300_000);

afterAll(async () => {
  testbed.daemon = daemon;
  await testbed?.close();
}, 60_000);

describe("the docker CLI against berth daemon", { timeout: 120_000 }, () => {
  it("docker version and docker info show berth's server", async () => {
    const version = await cli(["version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/Server: berth\n Engine:\n {2}Version: +0\.1\.0\n {2}API version: +1\.50 \(minimum version 1\.24\)/);
    const info = await cli(["info", "--format", "{{.ServerVersion}} {{.OSType}} {{.DefaultRuntime}}"]);
    expect(info).toMatchObject({ code: 0, stdout: "0.1.0 linux crun\n" });
  });

  it("pulls from a loopback registry with progress, lists and removes the image", async () => {
    const reference = `${registry.host}/multiarch:latest`;
    const pull = await cli(["pull", reference], { timeoutMs: 120_000 });
    expect(pull.stderr).toBe("");
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain("latest: Pulling from multiarch");
    expect(pull.stdout).toContain("Pull complete");
    expect(pull.stdout).toMatch(/Digest: sha256:[0-9a-f]{64}/);
    expect(pull.stdout).toContain(`Status: Downloaded newer image for ${reference}`);
    const images = await cli(["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    expect(images.stdout.split("\n")).toContain(reference);
    const ran = await cli(["run", "--rm", reference, "echo", "pulled"]);
    expect(ran).toMatchObject({ code: 0, stdout: "pulled\n" });
    const removed = await cli(["rmi", reference]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Untagged: ${reference}`);
    expect((await cli(["images", "--format", "{{.Repository}}:{{.Tag}}"])).stdout.split("\n")).not.toContain(reference);
  });

  it("runs a command and passes its output and exit code", async () => {
    expect(await cli(["run", "--rm", "busybox", "echo", "hi"])).toMatchObject({ code: 0, stdout: "hi\n", stderr: "" });
    expect(await cli(["run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 7"])).toMatchObject({ code: 7, stdout: "out\n", stderr: "err\n" });
  });

  it("keeps the agent's channel from a --privileged container that makes its device nodes", async () => {
    // The agent holds both virtio ports open, and a virtio port has one opener at a time.
    const script = "for p in 1 2; do d=$(cat /sys/class/virtio-ports/vport1p$p/dev); mknod /tmp/p$p c ${d%:*} ${d#*:} && cat /tmp/p$p; done";
    const result = await cli(["run", "--rm", "--privileged", "busybox", "sh", "-c", script]);
    expect(result.stderr).toBe("cat: can't open '/tmp/p1': Device or resource busy\ncat: can't open '/tmp/p2': Device or resource busy\n");
  });

  it("pipes stdin into a container with -i", async () => {
    expect(await cli(["run", "-i", "--rm", "busybox", "cat"], { input: "x\ny\n" })).toMatchObject({ code: 0, stdout: "x\ny\n" });
  });

  it("gives a container a terminal with -t under a pty", async () => {
    const result = await dockerWithTty(daemon.socket, "docker run -t --rm busybox sh -c 'tty; exit 3'");
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/\/dev\/pts\/\d+/);
  });

  it("runs a detached container through ps, logs, exec, stop, start, inspect and rm -f", async () => {
    const run = await cli(["run", "-d", "--name", "web", "busybox", "sh", "-c", "echo started; trap 'exit 0' TERM; while true; do sleep 1; done"]);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    const ps = await cli(["ps", "--format", "{{.Names}} {{.Status}}"]);
    expect(ps.stdout).toMatch(/^web Up /m);
    expect((await cli(["logs", "web"])).stdout).toBe("started\n");
    const listing = await cli(["exec", "web", "ls", "/"]);
    expect(listing.code).toBe(0);
    expect(listing.stdout.split("\n")).toEqual(expect.arrayContaining(["bin", "etc", "proc"]));
    expect((await cli(["exec", "web", "sh", "-c", "exit 5"])).code).toBe(5);

    const interactive = await dockerWithTty(daemon.socket, "docker exec -it web sh", { input: "echo $((6*7)); exit 4\n" });
    expect(interactive.stdout).toContain("42");
    expect(interactive.code).toBe(4);

    expect(await cli(["stop", "web"])).toMatchObject({ code: 0, stdout: "web\n" });
    expect((await cli(["ps", "-a", "--filter", "name=web", "--format", "{{.Status}}"])).stdout).toMatch(/^Exited \(0\)/);
    expect(await cli(["start", "web"])).toMatchObject({ code: 0, stdout: "web\n" });

    const inspect = await cli(["inspect", "web"]);
    const [details] = JSON.parse(inspect.stdout) as [{ Id: string; State: { Running: boolean }; Name: string }];
    expect(details).toMatchObject({ Id: id, Name: "/web", State: { Running: true } });

    expect(await cli(["rm", "-f", "web"])).toMatchObject({ code: 0, stdout: "web\n" });
    expect((await cli(["ps", "-a", "--filter", "name=web", "-q"])).stdout).toBe("");
  });

  it("copies files in and out with docker cp, and reports stats and events", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    expect((await cli(["run", "-d", "--name", "files", "busybox", "sleep", "300"])).code).toBe(0);
    const local = await mkdtemp(join(tmpdir(), "berth-cp-"));
    try {
      await writeFile(join(local, "in.txt"), "from the host\n");
      expect(await cli(["cp", join(local, "in.txt"), "files:/tmp/in.txt"])).toMatchObject({ code: 0 });
      expect((await cli(["exec", "files", "cat", "/tmp/in.txt"])).stdout).toBe("from the host\n");
      await cli(["exec", "files", "sh", "-c", "echo from the container > /tmp/out.txt"]);
      expect(await cli(["cp", "files:/tmp/out.txt", join(local, "out.txt")])).toMatchObject({ code: 0 });
      expect(await readFile(join(local, "out.txt"), "utf8")).toBe("from the container\n");
    } finally {
      await rm(local, { recursive: true, force: true });
    }

    const stats = await cli(["stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "files"]);
    expect(stats).toMatchObject({ code: 0, stdout: "files 1\n" });

    expect((await cli(["rm", "-f", "files"])).code).toBe(0);
    const until = Math.ceil(Date.now() / 1000) + 1;
    const events = await cli(["events", "--since", String(since), "--until", String(until), "--filter", "container=files", "--format", "{{.Action}}"]);
    expect(events.code).toBe(0);
    expect(events.stdout.split("\n")).toEqual(expect.arrayContaining(["create", "start", "die", "destroy"]));
  });

  it("shows a container's changes with docker diff, commits them into an image that runs, and exports the filesystem", async () => {
    const made = await cli(["run", "--name", "changed", "busybox", "sh", "-c", "echo added > /tmp/added && rm /bin/ls && mkdir /srv && echo deep > /srv/deep.txt"]);
    expect(made.code).toBe(0);
    const diff = await cli(["diff", "changed"]);
    expect(diff.code).toBe(0);
    expect(diff.stdout.split("\n").filter(Boolean)).toEqual(["C /bin", "D /bin/ls", "A /srv", "A /srv/deep.txt", "C /tmp", "A /tmp/added"]);

    const commit = await cli(["commit", "-m", "two files", "-c", 'CMD ["cat", "/tmp/added", "deep.txt"]', "-c", "WORKDIR /srv", "changed", "committed:v1"]);
    expect(commit.code).toBe(0);
    expect(commit.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(await cli(["run", "--rm", "committed:v1"])).toMatchObject({ code: 0, stdout: "added\ndeep\n" });
    const refused = await cli(["commit", "-c", "RUN true", "changed", "refused:v1"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("RUN is not a valid change command");
    expect((await cli(["run", "--rm", "committed:v1", "ls", "/"])).code).toBe(127);
    const history = await cli(["history", "--format", "{{.Comment}}", "committed:v1"]);
    expect(history.stdout.split("\n")[0]).toBe("two files");

    const exported = await cli(["export", "changed"]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("added\n");
    expect((await cli(["rm", "changed"])).code).toBe(0);
    expect((await cli(["rmi", "committed:v1"])).code).toBe(0);
  });

  it("gives Docker's own errors for an unknown image and an unknown container", async () => {
    const image = await cli(["run", "--rm", `${registry.host}/no/such-image`, "true"]);
    expect(image.code).toBe(125);
    expect(image.stderr).toContain(`Unable to find image '${registry.host}/no/such-image:latest' locally`);
    expect(image.stderr).toMatch(/docker: Error response from daemon: .*(not found|unknown)/i);
    const container = await cli(["logs", "no-such-container"]);
    expect(container).toMatchObject({ code: 1, stderr: "Error response from daemon: No such container: no-such-container\n" });
    const stop = await cli(["stop", "no-such-container"]);
    expect(stop.code).toBe(1);
    expect(stop.stderr).toContain("No such container: no-such-container");
  });

  it("builds with the classic builder (DOCKER_BUILDKIT=0), from the cache the second time, and from a Dockerfile on stdin", async () => {
    const context = await mkdtemp(join(tmpdir(), "berth-context-"));
    onTestFinished(() => rm(context, { recursive: true, force: true }));
    await writeFile(join(context, "Dockerfile"), "FROM busybox\nENV WHO=cli\nWORKDIR /srv\nCOPY msg.txt .\nRUN echo ran as $(id -u) > ran.txt\nCMD cat msg.txt ran.txt; echo $WHO\n");
    await writeFile(join(context, "msg.txt"), "built by the real CLI\n");
    const classic = { env: { DOCKER_BUILDKIT: "0" }, timeoutMs: 120_000 };
    const built = await cli(["build", "-t", "cli-built", context], classic);
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/Step 1\/6 : FROM busybox\n ---> [0-9a-f]{12}\nStep 2\/6 : ENV WHO=cli\n/);
    expect(built.stdout).toMatch(/Step 5\/6 : RUN echo ran as \$\(id -u\) > ran.txt\n ---> Running in [0-9a-f]{12}\n ---> Removed intermediate container [0-9a-f]{12}\n/);
    expect(built.stdout).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged cli-built:latest\n$/);
    expect(await cli(["run", "--rm", "cli-built"])).toMatchObject({ code: 0, stdout: "built by the real CLI\nran as 0\ncli\n" });
    const again = await cli(["build", "-t", "cli-built", context], classic);
    expect(again.stdout.match(/ ---> Using cache/g)).toHaveLength(5);
    const fromStdin = await cli(["build", "-q", "-t", "cli-stdin", "-f", "-", context], { ...classic, input: "FROM cli-built\nLABEL from=stdin\n" });
    expect(fromStdin).toMatchObject({ code: 0, stdout: expect.stringMatching(/^sha256:[0-9a-f]{64}\n$/) });
    const failing = await cli(["build", "-t", "cli-bad", "-f", "-", context], { ...classic, input: "FROM busybox\nCOPY ../outside /\n" });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("COPY failed: forbidden path outside the build context: ../outside ()");
    const failingRun = await cli(["build", "-t", "cli-bad", "-f", "-", context], { ...classic, input: "FROM busybox\nRUN echo trying; exit 3\n" });
    expect(failingRun).toMatchObject({ code: 3, stdout: expect.stringContaining("trying\n") });
    expect(failingRun.stderr).toContain("The command '/bin/sh -c echo trying; exit 3' returned a non-zero code: 3");
  }, 240_000);

  it("logs in to a registry that wants one, pushes, removes, pulls back and runs the image", async () => {
    const secured = await startLocalRegistry({ auth: true });
    const config = await mkdtemp(join(tmpdir(), "berth-docker-config-"));
    onTestFinished(async () => {
      await secured.close();
      await rm(config, { recursive: true, force: true });
    });
    const as = (args: string[], input?: string) => docker(daemon.socket, args, { env: { DOCKER_CONFIG: config }, input, timeoutMs: 120_000 });
    const image = `${secured.host}/me/box`;
    expect((await as(["tag", "busybox", image])).code).toBe(0);

    const refused = await as(["push", image]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`The push refers to repository [${image}]`);
    expect(refused.stderr).toContain("no basic auth credentials");

    const wrong = await as(["login", "-u", REGISTRY_LOGIN.username, "--password-stdin", secured.host], "wrong\n");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Error response from daemon: Get "${secured.url}/v2/": unauthorized: authentication required`);
    const login = await as(["login", "-u", REGISTRY_LOGIN.username, "--password-stdin", secured.host], `${REGISTRY_LOGIN.password}\n`);
    expect(login.stdout).toContain("Login Succeeded");
    expect(login.code).toBe(0);

    const pushed = await as(["push", image]);
    expect(pushed.stderr).toBe("");
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain("Pushed");
    expect(pushed.stdout).toMatch(/latest: digest: sha256:[0-9a-f]{64} size: \d+/);
    expect((await as(["push", image])).stdout).toContain("Layer already exists");

    expect((await as(["rmi", image])).code).toBe(0);
    const pulled = await as(["pull", image]);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain(`Status: Downloaded newer image for ${image}:latest`);
    expect(await as(["run", "--rm", image, "echo", "ok"])).toMatchObject({ code: 0, stdout: "ok\n" });
    expect((await as(["rmi", image])).code).toBe(0);
  });

  it("keeps containers and images across a daemon restart", async () => {
    expect((await cli(["create", "--name", "kept", "busybox", "echo", "still here"])).code).toBe(0);
    expect(await daemon.stop()).toBe(0);
    daemon = await startDaemon(stateDirectory);
    expect(daemon.output()).toContain("guest ready by snapshot restore");
    expect((await cli(["ps", "-a", "--format", "{{.Names}}"])).stdout.split("\n")).toContain("kept");
    expect((await cli(["images", "--format", "{{.Repository}}"])).stdout.split("\n")).toContain("busybox");
    expect(await cli(["start", "-a", "kept"])).toMatchObject({ code: 0, stdout: "still here\n" });
  }, 180_000);

  it("serves TCP with mutual TLS: a client with a certificate from the CA gets in, one without does not", async () => {
    const certificateDirectory = await mkdtemp(join(tmpdir(), "berth-tls-"));
    onTestFinished(() => rm(certificateDirectory, { recursive: true, force: true }));
    const certificates = makeCertificates(certificateDirectory);
    expect(await daemon.stop()).toBe(0);
    daemon = await startDaemon(stateDirectory, ["--tlsverify", "--tlscacert", certificates.ca, "--tlscert", certificates.serverCert, "--tlskey", certificates.serverKey]);
    const host = daemon.url.replace(/^http:/, "tcp:");
    const withCertificate = ["--tlsverify", "--tlscacert", certificates.ca, "--tlscert", certificates.clientCert, "--tlskey", certificates.clientKey];
    expect(await docker(host, [...withCertificate, "version", "--format", "{{.Server.Platform.Name}}"])).toMatchObject({ code: 0, stdout: "berth\n" });
    const withoutCertificate = await docker(host, ["--tlsverify", "--tlscacert", certificates.ca, "version"]);
    expect(withoutCertificate.code).toBe(1);
    const plain = await docker(host, ["version", "--format", "{{.Server.Platform.Name}}"]);
    expect(plain.code).toBe(1);
  }, 180_000);
});
