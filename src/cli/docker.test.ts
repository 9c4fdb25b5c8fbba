// Dispatch and argument handling end before any engine call; each verb's engine paths have tests
// of their own.

import { describe, expect, it } from "vitest";
import { verbRunners, verbSpecs } from "./command-tree.ts";
import { runLine as run, type CommandRun as Run } from "./testing/fake-command-context.ts";

const runUsage = "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]";

describe("runDockerCommandLine", () => {
  it.each<[string, Run]>([
    ["", { code: 0, stdout: "", stderr: "" }],
    ["   ", { code: 0, stdout: "", stderr: "" }],
    ["ls -la", { code: 127, stdout: "", stderr: "berth: ls: command not found\n" }],
    ["echo 'oops", { code: 2, stdout: "", stderr: "berth: unexpected EOF while looking for matching `''\n" }],
    [
      "docker frobnicate",
      { code: 1, stdout: "", stderr: "docker: unknown command: docker frobnicate\n\nRun 'docker --help' for more information\n" },
    ],
    [
      "docker run --bogus busybox true",
      {
        code: 125,
        stdout: "",
        stderr: `unknown flag: --bogus\n\n${runUsage}\n\nRun 'docker run --help' for more information\n`,
      },
    ],
    [
      "docker run -x busybox",
      {
        code: 125,
        stdout: "",
        stderr: `unknown shorthand flag: 'x' in -x\n\n${runUsage}\n\nRun 'docker run --help' for more information\n`,
      },
    ],
    [
      "docker run",
      {
        code: 1,
        stdout: "",
        stderr: `docker: 'docker run' requires at least 1 argument\n\n${runUsage}\n\nSee 'docker run --help' for more information\n`,
      },
    ],
    [
      "docker ps --nope",
      {
        code: 125,
        stdout: "",
        stderr: "unknown flag: --nope\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n",
      },
    ],
    [
      "docker rm",
      {
        code: 1,
        stdout: "",
        stderr:
          "docker: 'docker rm' requires at least 1 argument\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker rm --help' for more information\n",
      },
    ],
    [
      "docker --debug ps",
      {
        code: 125,
        stdout: "",
        stderr: "unknown flag: --debug\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n",
      },
    ],
    ["docker help nope", { code: 1, stdout: "", stderr: "unknown help topic: nope\n" }],
  ])("%j", async (line, expected) => {
    expect(await run(line)).toEqual(expected);
  });

  it.each([["docker --help"], ["docker -h"], ["docker help"]])("%s prints the overview to stdout", async (line) => {
    const { code, stdout, stderr } = await run(line);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^\nUsage:  docker \[OPTIONS\] COMMAND\n/);
    expect(stdout).toContain("\n  run         Create and run a new container from an image\n");
  });

  it("prints the overview to stderr for a bare docker", async () => {
    const { code, stdout, stderr } = await run("docker");
    expect({ code, stdout }).toEqual({ code: 0, stdout: "" });
    expect(stderr).toContain("Common Commands:");
  });

  it.each([["docker run --help"], ["docker help run"], ["docker run --rm --help"]])("%s prints run's help", async (line) => {
    const { code, stdout, stderr } = await run(line);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^\nUsage:  docker run \[OPTIONS\] IMAGE \[COMMAND\] \[ARG\.\.\.\]\n\nCreate and run/);
    expect(stdout).toContain("  -e, --env list ");
  });

  it.each([["docker ps -h"], ["docker images --help"], ["docker version --help"], ["docker info --help"], ["docker rm --help"]])(
    "%s prints the verb's help",
    async (line) => {
      const { code, stdout } = await run(line);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^\nUsage:  docker \w+/);
    },
  );

  it.each([["docker images --help"], ["docker image ls --help"], ["docker image list --help"], ["docker help image ls"]])(
    "%s prints the image list's help under its own path",
    async (line) => {
      const { code, stdout } = await run(line);
      expect(code).toBe(0);
      expect(stdout).toContain("\nAliases:\n  docker image ls, docker image list, docker images\n");
    },
  );

  it("names the verb as typed in usage errors", async () => {
    expect(await run("docker image rm")).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "docker: 'docker image rm' requires at least 1 argument\n\nUsage:  docker image rm [OPTIONS] IMAGE [IMAGE...]\n\nSee 'docker image rm --help' for more information\n",
    });
  });

  it.each([["docker image"], ["docker system"]])("%s alone prints its help to stderr and succeeds", async (line) => {
    const { code, stdout, stderr } = await run(line);
    expect({ code, stdout }).toEqual({ code: 0, stdout: "" });
    expect(stderr).toMatch(/^\nUsage:  docker \w+ COMMAND\n/);
  });

  it("prints a management command's help for --help", async () => {
    const { code, stdout } = await run("docker system --help");
    expect(code).toBe(0);
    expect(stdout).toContain("Commands:\n  df          Show docker disk usage\n  events      Get real time events from the server\n  info        Display system-wide information\n");
  });

  it("reports an unknown verb of a management command with its usage", async () => {
    expect(await run("docker image frob")).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "docker: unknown command: docker image frob\n\nUsage:  docker image\n\nRun 'docker image --help' for more information\n",
    });
  });

  it("has a runner for every verb", () => {
    const leaves = verbSpecs.flatMap((spec) => spec.subcommands ?? [spec]);
    expect(leaves.filter((spec) => !verbRunners.has(spec.path)).map((spec) => spec.path)).toEqual([]);
  });

  it.each([["docker help image nope"], ["docker help nope ls"]])("%s is an unknown help topic", async (line) => {
    expect((await run(line)).code).toBe(1);
  });

  it("lists docker container's verbs", async () => {
    const { code, stdout } = await run("docker container --help");
    expect(code).toBe(0);
    expect(stdout).toContain("\n  logs        Fetch the logs of a container\n  ls          List containers\n");
    expect(stdout).toContain("\n  prune       Remove all stopped containers\n");
  });

  it.each([["docker container ls --help"], ["docker container ps --help"], ["docker container list --help"], ["docker help container ls"]])(
    "%s prints the container list's help under its own path",
    async (line) => {
      const { code, stdout } = await run(line);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^\nUsage:  docker container ls \[OPTIONS\]\n/);
      expect(stdout).toContain("\nAliases:\n  docker container ls, docker container list, docker container ps, docker ps\n");
    },
  );

  it.each([["docker create --help"], ["docker container start --help"], ["docker exec --help"], ["docker attach --help"], ["docker cp --help"]])(
    "%s prints help though berth cannot run the verb yet",
    async (line) => {
      const { code, stdout } = await run(line);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^\nUsage:  docker /);
    },
  );

  it("checks a verb's arguments before any engine call", async () => {
    expect((await run("docker exec web")).stderr).toMatch(/^docker: 'docker exec' requires at least 2 arguments\n/);
  });

  it("shows cp's long description and both usage lines", async () => {
    const { stdout } = await run("docker container cp --help");
    expect(stdout).toMatch(
      /^\nUsage:  docker container cp \[OPTIONS\] CONTAINER:SRC_PATH DEST_PATH\|-\n\tdocker cp \[OPTIONS\] SRC_PATH\|- CONTAINER:DEST_PATH\n\nCopy files\/folders between a container and the local filesystem\n\nUse '-' as the source/,
    );
  });
});
