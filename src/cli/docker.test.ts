// Dispatch and argument handling end before any engine call; the engine paths are covered by the
// browser tests.

import { describe, expect, it } from "vitest";
import type { EngineApi } from "../api/engine-api.ts";
import type { CommandContext } from "./context.ts";
import { runDockerCommandLine } from "./docker.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(line: string): Promise<Run> {
  const output = { stdout: "", stderr: "" };
  const sink = (stream: "stdout" | "stderr") => ({
    write: (data: string | Uint8Array) => {
      output[stream] += typeof data === "string" ? data : new TextDecoder().decode(data);
    },
  });
  const ctx: CommandContext = {
    engine: {} as EngineApi, // never reached by these lines
    proxy: (value) => value,
    stdout: sink("stdout"),
    stderr: sink("stderr"),
    terminal: {
      columns: 80,
      rows: 24,
      onInput: () => ({ dispose() {} }),
      onResize: () => ({ dispose() {} }),
    },
  };
  const code = await runDockerCommandLine(line, ctx);
  return { code, ...output };
}

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
});
