import { describe, expect, it } from "vitest";
import { parseCommand, type CommandParseOutcome } from "./command-parser.ts";
import { infoSpec, runSpec, versionSpec } from "./command-specs.ts";
import { psSpec, rmSpec } from "./container-command-specs.ts";
import { rootSpec } from "./command-tree.ts";
import { historySpec, imagesSpec, pullSpec, tagSpec } from "./image-command-specs.ts";
import { splitShellWords } from "./shell-words.ts";

const specs = [rootSpec, runSpec, psSpec, rmSpec, imagesSpec, versionSpec, infoSpec, pullSpec, tagSpec, historySpec];

/** `path args` as typed, e.g. ("docker ps", "-aq"). */
function outcome(path: string, args: string): CommandParseOutcome {
  const spec = specs.find((candidate) => candidate.path === path)!;
  return parseCommand(spec, splitShellWords(args));
}

describe("parseCommand with docker's verbs", () => {
  it.each<[string, string, Record<string, boolean>, string[]]>([
    ["docker ps", "", { all: false, quiet: false, "no-trunc": false }, []],
    ["docker ps", "-a", { all: true, quiet: false, "no-trunc": false }, []],
    ["docker ps", "-aq", { all: true, quiet: true, "no-trunc": false }, []],
    ["docker ps", "--all --quiet --no-trunc", { all: true, quiet: true, "no-trunc": true }, []],
    ["docker rm", "-f web", { force: true }, ["web"]],
    ["docker rm", "a b --force c", { force: true }, ["a", "b", "c"]],
    ["docker rm", "web", { force: false }, ["web"]],
    ["docker images", "-a -q", { all: true, quiet: true }, []],
    ["docker images", "--digests --no-trunc", { digests: true, "no-trunc": true }, []],
    ["docker history", "busybox", { human: true, quiet: false }, ["busybox"]],
    ["docker history", "-H=false -q busybox", { human: false, quiet: true }, ["busybox"]],
    ["docker tag", "busybox mine:1", {}, ["busybox", "mine:1"]],
    ["docker images", "busybox -q", { all: false, quiet: true }, ["busybox"]],
    ["docker version", "", {}, []],
    ["docker info", "", {}, []],
    ["docker run", "--rm -it busybox sh", { rm: true, interactive: true, tty: true, detach: false }, ["busybox", "sh"]],
    ["docker run", "-itd busybox", { rm: false, interactive: true, tty: true, detach: true }, ["busybox"]],
    ["docker run", "--rm=false --detach=true busybox", { rm: false, detach: true }, ["busybox"]],
    ["docker", "run --rm busybox", {}, ["run", "--rm", "busybox"]],
  ])("%s %j", (spec, args, bools, positionals) => {
    const result = outcome(spec, args);
    if (result.kind !== "parsed") throw new Error(JSON.stringify(result));
    for (const [name, value] of Object.entries(bools)) expect(result.flags.bool(name), name).toBe(value);
    expect(result.args).toEqual(positionals);
  });

  it.each<[string, string, string]>([
    [
      "docker run",
      "--bogus busybox true",
      "unknown flag: --bogus\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information",
    ],
    [
      "docker run",
      "-itx busybox",
      "unknown shorthand flag: 'x' in -x\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information",
    ],
    [
      "docker run",
      "--name",
      "flag needs an argument: --name\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information",
    ],
    [
      "docker run",
      "-e",
      "flag needs an argument: 'e' in -e\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information",
    ],
    [
      "docker run",
      "-e =1 busybox",
      'invalid argument "=1" for "-e, --env" flag: invalid environment variable: =1\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun \'docker run --help\' for more information',
    ],
    ["docker ps", "--frobnicate x", "unknown flag: --frobnicate\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"],
    [
      "docker ps",
      "-f status",
      'invalid argument "status" for "-f, --filter" flag: bad format of filter (expected name=value)\n\nUsage:  docker ps [OPTIONS]\n\nRun \'docker ps --help\' for more information',
    ],
    ["docker", "--debug ps", "unknown flag: --debug\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information"],
  ])("%s %j is a flag error (exit 125)", (spec, args, message) => {
    expect(outcome(spec, args)).toEqual({ kind: "error", message, exitCode: 125 });
  });

  it.each<[string, string, string]>([
    [
      "docker run",
      "",
      "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information",
    ],
    [
      "docker run",
      "--rm -it",
      "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information",
    ],
    [
      "docker rm",
      "-f",
      "docker: 'docker rm' requires at least 1 argument\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker rm --help' for more information",
    ],
    ["docker ps", "web", "docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"],
    [
      "docker version",
      "now",
      "docker: 'docker version' accepts no arguments\n\nUsage:  docker version\n\nRun 'docker version --help' for more information",
    ],
    [
      "docker images",
      "a b",
      "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'docker images --help' for more information",
    ],
    [
      "docker tag",
      "busybox",
      "docker: 'docker tag' requires 2 arguments\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'docker tag --help' for more information",
    ],
    [
      "docker pull",
      "a b",
      "docker: 'docker pull' requires 1 argument\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nRun 'docker pull --help' for more information",
    ],
  ])("%s %j is an argument error (exit 1)", (spec, args, message) => {
    expect(outcome(spec, args)).toEqual({ kind: "error", message, exitCode: 1 });
  });

  it.each<[string, string]>([
    ["docker run", "--help"],
    ["docker run", "--rm --help"],
    ["docker ps", "-h"],
    ["docker ps", "--help -a"],
    ["docker rm", "--help"],
    ["docker", "--help"],
  ])("%s %j asks for help", (spec, args) => {
    expect(outcome(spec, args)).toEqual({ kind: "help" });
  });

  it("gives a flag that was not given its default", () => {
    const plain = outcome("docker run", "busybox");
    const never = outcome("docker run", "--pull never busybox");
    expect(plain.kind === "parsed" && plain.flags.string("pull")).toBe("missing");
    expect(never.kind === "parsed" && never.flags.string("pull")).toBe("never");
    expect(plain.kind === "parsed" && plain.flags.string("name")).toBeUndefined();
  });

  it("reads -h as --hostname for docker run", () => {
    const result = outcome("docker run", "-h box busybox");
    expect(result.kind === "parsed" && result.flags.string("hostname")).toBe("box");
  });
});
