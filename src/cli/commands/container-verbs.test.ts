// The container verbs that are one engine call per container: what each sends, prints and exits with.

import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import { runLine } from "../testing/fake-command-context.ts";

/** An engine that knows the containers `web` and `db`, recording each call. */
function engine(calls: unknown[]): Partial<EngineApi> {
  const known = (id: string) => {
    if (id !== "web" && id !== "db") throw new EngineError("not-found", `No such container: ${id}`);
  };
  const record =
    (name: string) =>
    async (request: { id: string }): Promise<void> => {
      calls.push([name, request]);
      known(request.id);
    };
  return {
    containerStop: record("stop"),
    containerRestart: record("restart"),
    containerKill: record("kill"),
    containerPause: record("pause"),
    containerUnpause: record("unpause"),
    containerDelete: record("delete"),
    async containerWait(request) {
      calls.push(["wait", request]);
      known(request.id);
      return { StatusCode: request.id === "web" ? 0 : 137 };
    },
    async containerRename(request) {
      calls.push(["rename", request]);
      known(request.id);
      if (request.name === "db") throw new EngineError("conflict", 'Conflict. The container name "/db" is already in use.');
    },
  };
}

async function run(line: string) {
  const calls: unknown[] = [];
  return { ...(await runLine(line, engine(calls))), calls };
}

describe("verbs acting on each container", () => {
  it.each<[string, unknown[]]>([
    ["docker stop web db", [["stop", { id: "web" }], ["stop", { id: "db" }]]],
    ["docker container stop -t 3 -s SIGINT web", [["stop", { id: "web", signal: "SIGINT", t: 3 }]]],
    ["docker stop --timeout=0 web", [["stop", { id: "web", t: 0 }]]],
    ["docker restart -t 1 web", [["restart", { id: "web", t: 1 }]]],
    ["docker container restart --signal SIGHUP web", [["restart", { id: "web", signal: "SIGHUP" }]]],
    ["docker kill web", [["kill", { id: "web" }]]],
    ["docker container kill -s HUP web db", [["kill", { id: "web", signal: "HUP" }], ["kill", { id: "db", signal: "HUP" }]]],
    ["docker pause web", [["pause", { id: "web" }]]],
    ["docker container unpause web", [["unpause", { id: "web" }]]],
    ["docker rm web", [["delete", { id: "web", force: false, v: false }]]],
    ["docker container remove -fv /web/", [["delete", { id: "web", force: true, v: true }]]],
  ])("%s", async (line, calls) => {
    const result = await run(line);
    expect(result.calls).toEqual(calls);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    // Each container is echoed as it was given.
    expect(result.stdout).toBe(line.split(" ").filter((word) => ["web", "db", "/web/"].includes(word)).map((name) => `${name}\n`).join(""));
  });

  it("prints the successes, then every failure, and fails", async () => {
    expect(await run("docker stop nope web gone")).toMatchObject({
      code: 1,
      stdout: "web\n",
      stderr: "Error response from daemon: No such container: nope\nError response from daemon: No such container: gone\n",
    });
  });

  it("only reports a missing container that rm -f was asked to remove", async () => {
    expect(await run("docker rm -f nope web")).toMatchObject({
      code: 0,
      stdout: "web\n",
      stderr: "Error response from daemon: No such container: nope\n",
    });
    expect((await run("docker rm nope")).code).toBe(1);
  });

  it("refuses an empty name to rm", async () => {
    expect(await run("docker rm / web")).toMatchObject({ code: 1, stdout: "web\n", stderr: "container name cannot be empty\n" });
  });

  it("warns about the deprecated --time and refuses it beside --timeout", async () => {
    expect(await run("docker stop --time 2 web")).toMatchObject({
      code: 0,
      stdout: "web\n",
      stderr: "Flag --time has been deprecated, use --timeout instead\n",
      calls: [["stop", { id: "web", t: 2 }]],
    });
    expect(await run("docker stop --time 2 -t 3 web")).toMatchObject({
      code: 1,
      stderr: "Flag --time has been deprecated, use --timeout instead\nconflicting options: cannot specify both --timeout and --time\n",
      calls: [],
    });
  });

  it("refuses a timeout that is not a number", async () => {
    const { code, stderr } = await run("docker stop -t soon web");
    expect(code).toBe(125);
    expect(stderr.split("\n")[0]).toBe('invalid argument "soon" for "-t, --timeout" flag: strconv.ParseInt: parsing "soon": invalid syntax');
  });

  it("prints each exit code for docker wait", async () => {
    expect(await run("docker wait web db nope")).toMatchObject({
      code: 1,
      stdout: "0\n137\n",
      stderr: "Error response from daemon: No such container: nope\n",
    });
  });

  it.each<[string, number, string]>([
    ["docker pause", 1, "docker: 'docker pause' requires at least 1 argument\n\nUsage:  docker pause CONTAINER [CONTAINER...]\n\nSee 'docker pause --help' for more information\n"],
    ["docker container wait", 1, "docker: 'docker container wait' requires at least 1 argument\n\nUsage:  docker container wait CONTAINER [CONTAINER...]\n\nSee 'docker container wait --help' for more information\n"],
  ])("%s without a container is a usage error", async (line, code, stderr) => {
    expect(await run(line)).toMatchObject({ code, stdout: "", stderr, calls: [] });
  });
});

describe("docker rename", () => {
  it("renames silently", async () => {
    expect(await run("docker rename web front")).toEqual({ code: 0, stdout: "", stderr: "", calls: [["rename", { id: "web", name: "front" }]] });
  });

  it("reports the daemon's refusal and which rename failed", async () => {
    expect(await run("docker container rename web db")).toMatchObject({
      code: 1,
      stderr: 'Error response from daemon: Conflict. The container name "/db" is already in use.\nError: failed to rename container named web\n',
    });
  });

  it("refuses empty names", async () => {
    expect(await run("docker rename web ' '")).toMatchObject({ code: 1, stderr: "Error: Neither old nor new names may be empty\n", calls: [] });
  });

  it("needs exactly two arguments", async () => {
    expect((await run("docker rename web")).stderr).toBe(
      "docker: 'docker rename' requires 2 arguments\n\nUsage:  docker rename CONTAINER NEW_NAME\n\nRun 'docker rename --help' for more information\n",
    );
  });
});

describe("docker top", () => {
  const processes: Partial<EngineApi> = {
    async containerTop({ id, ps_args }) {
      if (id !== "web") throw new EngineError("not-found", `No such container: ${id}`);
      if (ps_args) return { Titles: ["PID", "COMMAND"], Processes: [["1", `ps ${ps_args}`]] };
      return {
        Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
        Processes: [
          ["root", "1234", "1200", "0", "12:00", "?", "00:00:00", "httpd -f -p 8080"],
          ["root", "1250", "1234", "0", "12:01", "?", "00:00:00", "sh"],
        ],
      };
    },
  };

  it("aligns the processes in 20-column cells", async () => {
    expect(await runLine("docker top web", processes)).toEqual({
      code: 0,
      stdout: [
        "UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD",
        "root                1234                1200                0                   12:00               ?                   00:00:00            httpd -f -p 8080",
        "root                1250                1234                0                   12:01               ?                   00:00:00            sh",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("passes what follows the container to ps", async () => {
    expect((await runLine("docker container top web -o pid,args", processes)).stdout).toBe(
      "PID                 COMMAND\n1                   ps -o pid,args\n",
    );
  });

  it("reports a missing container", async () => {
    expect(await runLine("docker top nope", processes)).toEqual({ code: 1, stdout: "", stderr: "Error response from daemon: No such container: nope\n" });
  });
});

describe("docker port", () => {
  function inspecting(ports: Record<string, { HostIp: string; HostPort: string }[] | null>): Partial<EngineApi> {
    return {
      async containerInspect({ id }) {
        if (id !== "web") throw new EngineError("not-found", `No such container: ${id}`);
        return { NetworkSettings: { Ports: ports, Networks: {} } } as unknown as Awaited<ReturnType<EngineApi["containerInspect"]>>;
      },
    };
  }

  it("prints nothing when no port is published", async () => {
    expect(await runLine("docker port web", inspecting({}))).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it.each([["docker port web 80"], ["docker container port web 80/tcp"]])("%s fails for a port not published", async (line) => {
    const requested = line.split(" ").at(-1);
    expect(await runLine(line, inspecting({ "80/tcp": null }))).toEqual({
      code: 1,
      stdout: "",
      stderr: `Error: No public port '${requested}' published for web\n`,
    });
  });

  it("lists published ports in natural order", async () => {
    const ports = {
      "8080/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }],
      "443/tcp": [
        { HostIp: "0.0.0.0", HostPort: "8443" },
        { HostIp: "::", HostPort: "8443" },
      ],
    };
    expect((await runLine("docker port web", inspecting(ports))).stdout).toBe(
      "443/tcp -> 0.0.0.0:8443\n443/tcp -> [::]:8443\n8080/tcp -> 0.0.0.0:8080\n",
    );
    expect((await runLine("docker port web 8080", inspecting(ports))).stdout).toBe("0.0.0.0:8080\n");
  });

  it("refuses a port that is not a number", async () => {
    expect((await runLine("docker port web http", inspecting({}))).stderr).toBe(
      'Error: invalid port (http): strconv.ParseUint: parsing "http": invalid syntax\n',
    );
  });

  it("reports a missing container and a wrong argument count", async () => {
    expect((await runLine("docker port nope", inspecting({}))).stderr).toBe("Error response from daemon: No such container: nope\n");
    expect((await runLine("docker port web 80 81", inspecting({}))).stderr).toBe(
      "docker: 'docker port' requires at least 1 and at most 2 arguments\n\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nRun 'docker port --help' for more information\n",
    );
  });
});

describe("docker container prune", () => {
  const prompt = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ";
  const deleted = ["a".repeat(64), "b".repeat(64)];

  function pruning(requests: unknown[], containersDeleted = deleted): Partial<EngineApi> {
    return {
      async containerPrune(request) {
        requests.push(request);
        return { ContainersDeleted: containersDeleted, SpaceReclaimed: 0 };
      },
    };
  }

  it("asks first, then lists what went", async () => {
    const requests: unknown[] = [];
    expect(await runLine("docker container prune", pruning(requests), { input: "y\r" })).toEqual({
      code: 0,
      stdout: `${prompt}y\nDeleted Containers:\n${deleted[0]}\n${deleted[1]}\n\nTotal reclaimed space: 0B\n`,
      stderr: "",
    });
    expect(requests).toEqual([{ filters: {} }]);
  });

  it("cancels silently when not confirmed, and stops on Ctrl-C", async () => {
    const requests: unknown[] = [];
    expect(await runLine("docker container prune", pruning(requests), { input: "n\r" })).toEqual({ code: 0, stdout: `${prompt}n\n`, stderr: "" });
    expect((await runLine("docker container prune", pruning(requests), { input: "\x03" })).code).toBe(130);
    expect(requests).toEqual([]);
  });

  it("does not ask with -f, and passes --filter", async () => {
    const requests: unknown[] = [];
    expect(await runLine("docker container prune -f --filter until=24h", pruning(requests, []))).toEqual({
      code: 0,
      stdout: "Total reclaimed space: 0B\n",
      stderr: "",
    });
    expect(requests).toEqual([{ filters: { until: ["24h"] } }]);
  });
});
