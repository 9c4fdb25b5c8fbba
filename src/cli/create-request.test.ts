import { describe, expect, it } from "vitest";
import type { ContainerCreateRequest } from "../api/types.ts";
import { parseCommand } from "./command-parser.ts";
import { runSpec } from "./command-specs.ts";
import { buildCreateRequest } from "./create-request.ts";
import { readRunOptions } from "./run-options.ts";
import { splitShellWords } from "./shell-words.ts";

/** `docker run ...` as typed → its name and create request. */
function createFor(runArgs: string): { name?: string; request: ContainerCreateRequest } {
  const outcome = parseCommand(runSpec, splitShellWords(runArgs));
  if (outcome.kind !== "parsed") throw new Error(`did not parse: ${JSON.stringify(outcome)}`);
  const options = readRunOptions(outcome.flags, outcome.args);
  return { name: options.name, request: buildCreateRequest(options) };
}

const foreground = {
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  AttachStdin: false,
  AttachStdout: true,
  AttachStderr: true,
  HostConfig: { AutoRemove: false },
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
        HostConfig: { AutoRemove: true },
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
    ["--rm busybox", { ...foreground, Image: "busybox", HostConfig: { AutoRemove: true } }],
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
      { ...foreground, Image: "busybox", AttachStdout: false, AttachStderr: false, HostConfig: { AutoRemove: true } },
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
});
