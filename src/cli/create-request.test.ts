import { describe, expect, it } from "vitest";
import type { ContainerCreateRequest, RestartPolicy } from "../api/types.ts";
import { parseCommand } from "./command-parser.ts";
import { runSpec } from "./command-specs.ts";
import { buildCreateRequest } from "./create-request.ts";
import { readRunOptions, runOptionsError } from "./run-options.ts";
import { splitShellWords } from "./shell-words.ts";

/** `docker run ...` as typed → its name and create request. */
function createFor(runArgs: string): { name?: string; request: ContainerCreateRequest } {
  const outcome = parseCommand(runSpec, splitShellWords(runArgs));
  if (outcome.kind !== "parsed") throw new Error(`did not parse: ${JSON.stringify(outcome)}`);
  const options = readRunOptions(outcome.flags, outcome.args);
  return { name: options.name, request: buildCreateRequest(options) };
}

const noRestart: RestartPolicy = { Name: "no", MaximumRetryCount: 0 };
const foreground = {
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  AttachStdin: false,
  AttachStdout: true,
  AttachStderr: true,
  HostConfig: { AutoRemove: false, RestartPolicy: noRestart },
};

describe("docker run → ContainerCreateRequest", () => {
  it.each<[string, ContainerCreateRequest]>([
    ["busybox", { ...foreground, Image: "busybox" }],
    ["busybox echo hello", { ...foreground, Image: "busybox", Cmd: ["echo", "hello"] }],
    [
      "--rm -it busybox sh",
      {
        ...foreground,
        Image: "busybox",
        Cmd: ["sh"],
        Tty: true,
        OpenStdin: true,
        StdinOnce: true,
        AttachStdin: true,
        HostConfig: { AutoRemove: true, RestartPolicy: noRestart },
      },
    ],
    ["busybox sh -c 'exit 3'", { ...foreground, Image: "busybox", Cmd: ["sh", "-c", "exit 3"] }],
    ["busybox ls -la --color=never", { ...foreground, Image: "busybox", Cmd: ["ls", "-la", "--color=never"] }],
    ["busybox -- echo", { ...foreground, Image: "busybox", Cmd: ["--", "echo"] }],
    ["--entrypoint /bin/echo busybox hi", { ...foreground, Image: "busybox", Entrypoint: ["/bin/echo"], Cmd: ["hi"] }],
    ["--entrypoint /bin/echo busybox", { ...foreground, Image: "busybox", Entrypoint: ["/bin/echo"] }],
    ["--entrypoint= busybox", { ...foreground, Image: "busybox", Entrypoint: [""] }],
    ["-w /tmp -u 1000:1000 busybox pwd", { ...foreground, Image: "busybox", Cmd: ["pwd"], WorkingDir: "/tmp", User: "1000:1000" }],
    ["--workdir=/srv --user root busybox", { ...foreground, Image: "busybox", WorkingDir: "/srv", User: "root" }],
    ["-e A=1 -e B=2 --name x busybox env", { ...foreground, Image: "busybox", Cmd: ["env"], Env: ["A=1", "B=2"] }],
    ["-e 'GREETING=hello world' busybox", { ...foreground, Image: "busybox", Env: ["GREETING=hello world"] }],
    ["-e EMPTY= busybox", { ...foreground, Image: "busybox", Env: ["EMPTY="] }],
    ["-e FROM_HOST -e A=1 busybox", { ...foreground, Image: "busybox", Env: ["A=1"] }],
    ["-h box busybox hostname", { ...foreground, Image: "busybox", Cmd: ["hostname"], Hostname: "box" }],
    ["--hostname=box busybox", { ...foreground, Image: "busybox", Hostname: "box" }],
    ["--rm=false busybox", { ...foreground, Image: "busybox" }],
    ["--rm busybox", { ...foreground, Image: "busybox", HostConfig: { AutoRemove: true, RestartPolicy: noRestart } }],
    ["-t busybox top", { ...foreground, Image: "busybox", Cmd: ["top"], Tty: true }],
    ["-i busybox cat", { ...foreground, Image: "busybox", Cmd: ["cat"], OpenStdin: true, StdinOnce: true, AttachStdin: true }],
    [
      "-d busybox sleep 60",
      { ...foreground, Image: "busybox", Cmd: ["sleep", "60"], AttachStdout: false, AttachStderr: false },
    ],
    [
      "-itd busybox sh",
      {
        ...foreground,
        Image: "busybox",
        Cmd: ["sh"],
        Tty: true,
        OpenStdin: true,
        AttachStdout: false,
        AttachStderr: false,
      },
    ],
    [
      "-d --rm=true busybox",
      { ...foreground, Image: "busybox", AttachStdout: false, AttachStderr: false, HostConfig: { AutoRemove: true, RestartPolicy: noRestart } },
    ],
  ])("docker run %s", (runArgs, request) => {
    expect(createFor(runArgs).request).toEqual(request);
  });

  it.each<[string, string | undefined]>([
    ["--name x busybox", "x"],
    ["--name=web busybox", "web"],
    ["busybox --name x", undefined],
    ["busybox", undefined],
  ])("names the container for %j", (runArgs, name) => {
    expect(createFor(runArgs).name).toBe(name);
  });

  it("leaves the command's own flags to the command", () => {
    expect(createFor("busybox --rm -it --name x").request).toEqual({
      ...foreground,
      Image: "busybox",
      Cmd: ["--rm", "-it", "--name", "x"],
    });
  });

  it.each<[string, ContainerCreateRequest]>([
    ["--init busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, Init: true } }],
    ["--init=false busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, Init: false } }],
    ["--read-only busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, ReadonlyRootfs: true } }],
    [
      "--restart on-failure:3 busybox",
      { ...foreground, Image: "busybox", HostConfig: { AutoRemove: false, RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 } } },
    ],
    [
      "--restart=always busybox",
      { ...foreground, Image: "busybox", HostConfig: { AutoRemove: false, RestartPolicy: { Name: "always", MaximumRetryCount: 0 } } },
    ],
    [
      "--restart= busybox",
      { ...foreground, Image: "busybox", HostConfig: { AutoRemove: false, RestartPolicy: { Name: "", MaximumRetryCount: 0 } } },
    ],
    ["-m 512m busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, Memory: 536_870_912 } }],
    [
      "--memory=1g --memory-swap -1 busybox",
      { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, Memory: 1_073_741_824, MemorySwap: -1 } },
    ],
    ["--memory-swap 2g busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, MemorySwap: 2_147_483_648 } }],
    ["--cpus 0.5 busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, NanoCpus: 500_000_000 } }],
    ["--pids-limit 64 busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, PidsLimit: 64 } }],
    ["--pids-limit=-1 busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, PidsLimit: -1 } }],
    [
      "--tmpfs /run:size=64m --tmpfs /tmp busybox",
      { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, Tmpfs: { "/run": "size=64m", "/tmp": "" } } },
    ],
    ["--stop-signal SIGINT busybox", { ...foreground, Image: "busybox", StopSignal: "SIGINT" }],
    ["--stop-timeout 3 busybox", { ...foreground, Image: "busybox", StopTimeout: 3 }],
    ["--stop-timeout 0 busybox", { ...foreground, Image: "busybox", StopTimeout: 0 }],
    [
      "-l com.example.tier=web --label flag --label a=b=c busybox",
      { ...foreground, Image: "busybox", Labels: { "com.example.tier": "web", flag: "", a: "b=c" } },
    ],
    ["--detach-keys ctrl-x busybox", { ...foreground, Image: "busybox" }],
  ])("docker run %s", (runArgs, request) => {
    expect(createFor(runArgs).request).toEqual(request);
  });

  it.each<[string, string | undefined]>([
    ["busybox", undefined],
    ["--rm --restart no busybox", undefined],
    ["--restart on-failure:x busybox", "invalid restart policy format: maximum retry count must be an integer"],
    ["--restart :1 busybox", "invalid restart policy format: no policy provided before colon"],
    ["--rm --restart always busybox", "conflicting options: cannot specify both --restart and --rm"],
    ["--env-file ./app.env busybox", "open ./app.env: no such file or directory"],
    ["--pull sometimes busybox", `invalid pull option: 'sometimes': must be one of "always", "missing" or "never"`],
    ["--pull= busybox", undefined],
  ])("checks docker run %s", (runArgs, error) => {
    const outcome = parseCommand(runSpec, splitShellWords(runArgs));
    if (outcome.kind !== "parsed") throw new Error("did not parse");
    expect(runOptionsError(readRunOptions(outcome.flags, outcome.args))).toBe(error);
  });

  it.each<[string, string]>([
    ["-m 12x busybox", 'invalid argument "12x" for "-m, --memory" flag: invalid suffix: \'x\''],
    ["--memory-swap=-2 busybox", 'invalid argument "-2" for "--memory-swap" flag: invalid size: \'-2\''],
    ["--cpus abc busybox", 'invalid argument "abc" for "--cpus" flag: failed to parse abc as a rational number'],
    ["--pids-limit lots busybox", 'invalid argument "lots" for "--pids-limit" flag: strconv.ParseInt: parsing "lots": invalid syntax'],
    ["-l =x busybox", 'invalid argument "=x" for "-l, --label" flag: invalid label \'=x\': empty name'],
  ])("refuses docker run %s as it parses the flags", (runArgs, message) => {
    const outcome = parseCommand(runSpec, splitShellWords(runArgs));
    expect(outcome.kind === "error" && outcome.message.split("\n")[0]).toBe(message);
  });
});
