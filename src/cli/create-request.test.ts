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

  it.each<[string, ContainerCreateRequest]>([
    ["--network app busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, NetworkMode: "app" } }],
    ["--net=none busybox", { ...foreground, Image: "busybox", HostConfig: { ...foreground.HostConfig, NetworkMode: "none" } }],
    [
      "--network app --network-alias cache --net-alias db --ip 172.18.0.9 busybox",
      {
        ...foreground,
        Image: "busybox",
        HostConfig: { ...foreground.HostConfig, NetworkMode: "app" },
        NetworkingConfig: { EndpointsConfig: { app: { Aliases: ["cache", "db"], IPAMConfig: { IPv4Address: "172.18.0.9" } } } },
      },
    ],
    [
      "--network name=App,alias=Web --network back busybox",
      {
        ...foreground,
        Image: "busybox",
        HostConfig: { ...foreground.HostConfig, NetworkMode: "app" },
        NetworkingConfig: { EndpointsConfig: { app: { Aliases: ["web"] }, back: {} } },
      },
    ],
    [
      "--ip 172.17.0.5 busybox",
      { ...foreground, Image: "busybox", NetworkingConfig: { EndpointsConfig: { default: { IPAMConfig: { IPv4Address: "172.17.0.5" } } } } },
    ],
    [
      "-p 8080:80 -p 127.0.0.1:8443:443 --expose 9000 -P busybox",
      {
        ...foreground,
        Image: "busybox",
        ExposedPorts: { "80/tcp": {}, "443/tcp": {}, "9000/tcp": {} },
        HostConfig: {
          ...foreground.HostConfig,
          PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }], "443/tcp": [{ HostIp: "127.0.0.1", HostPort: "8443" }] },
          PublishAllPorts: true,
        },
      },
    ],
    [
      "--add-host db=10.0.0.2 --add-host v6:[::1] --dns 0:0::1 --dns 9.9.9.9 -h web busybox",
      {
        ...foreground,
        Image: "busybox",
        Hostname: "web",
        HostConfig: { ...foreground.HostConfig, ExtraHosts: ["db:10.0.0.2", "v6:::1"], Dns: ["::1", "9.9.9.9"] },
      },
    ],
    [
      "--dns-search example.test. --dns-search ' . ' --dns-option ndots:2 --dns-opt timeout:1 busybox",
      {
        ...foreground,
        Image: "busybox",
        HostConfig: { ...foreground.HostConfig, DnsSearch: ["example.test", "."], DnsOptions: ["ndots:2", "timeout:1"] },
      },
    ],
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
    ["-p 8080:80/xyz busybox", "invalid proto: xyz"],
    ["--expose 80:80 busybox", "invalid port format for --expose: 80:80"],
    ["--network app --network app busybox", 'network "app" is specified multiple times'],
    ["--network app --network bridge busybox", "conflicting options: cannot attach both user-defined and non-user-defined network-modes"],
    ["--network-alias x busybox", "network-scoped aliases are only supported for user-defined networks"],
    ["--network name=app,alias=a --network-alias b busybox", "conflicting options: cannot specify both --network-alias and per-network alias"],
    ["--network name=app,ip=1.2.3.4 --ip 1.2.3.5 busybox", "conflicting options: cannot specify both --ip and per-network IPv4 address"],
    ["--network= busybox", "no name set for network"],
    ["--network name=a,mac-address=zz busybox", "zz is not a valid mac address"],
    ["--pull sometimes -p x busybox", `invalid pull option: 'sometimes': must be one of "always", "missing" or "never"`],
    ["-p x --restart :1 busybox", "invalid containerPort: x"],
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
    ["--network alias=x,name=a,foo=b busybox", 'invalid argument "alias=x,name=a,foo=b" for "--network" flag: invalid field key foo'],
    ["--net alias=x busybox", 'invalid argument "alias=x" for "--net" flag: network name/id is not specified'],
    ["--network name=a,gw-priority=x busybox", 'invalid argument "name=a,gw-priority=x" for "--network" flag: invalid gw-priority (x): invalid syntax'],
    ["--network name=a,driver-opt=x busybox", 'invalid argument "name=a,driver-opt=x" for "--network" flag: invalid key value pair format in driver options'],
    [`--network 'a"b=c' busybox`, 'invalid argument "a\\"b=c" for "--network" flag: parse error on line 1, column 2: bare " in non-quoted-field'],
    ["--add-host foo busybox", 'invalid argument "foo" for "--add-host" flag: bad format for add-host: "foo"'],
    ["--add-host foo:bar busybox", 'invalid argument "foo:bar" for "--add-host" flag: invalid IP address in add-host: "bar"'],
    ["--dns 1.2.3 busybox", 'invalid argument "1.2.3" for "--dns" flag: IP address is not correctly formatted: 1.2.3'],
    ["--dns-search bad_domain busybox", 'invalid argument "bad_domain" for "--dns-search" flag: bad_domain is not a valid domain'],
    ["--dns-search 123 busybox", 'invalid argument "123" for "--dns-search" flag: 123 is not a valid domain'],
    ["--dns-search x-.com busybox", 'invalid argument "x-.com" for "--dns-search" flag: x-.com is not a valid domain'],
  ])("refuses docker run %s as it parses the flags", (runArgs, message) => {
    const outcome = parseCommand(runSpec, splitShellWords(runArgs));
    expect(outcome.kind === "error" && outcome.message.split("\n")[0]).toBe(message);
  });
});
