import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import type { ContainerSummary } from "../../api/container-types.ts";
import { connectRemoteEngine } from "../../remote-engine/remote-engine.ts";
import { ContextStore } from "../context-store.ts";
import type { DaemonEndpoints } from "../daemon-endpoint.ts";
import { memoryStorage, runLine } from "../testing/fake-command-context.ts";

/** A fake daemon per host: `docker ps` there lists one container whose image names the host and token it was reached with. */
function daemons(): DaemonEndpoints & { store: ContextStore } {
  return {
    store: new ContextStore(memoryStorage()),
    connect: (host, token) => listing(`${host} ${token ?? "-"}`) as EngineApi,
  };
}

function listing(image: string): Partial<EngineApi> {
  const container: ContainerSummary = { Id: "c".repeat(64), Names: ["/c"], Image: image, ImageID: "", Command: "sh", Created: 0, State: "running", Status: "Up", Labels: {}, Ports: [], Mounts: [] };
  return { containerList: async () => [container] };
}

const tab = listing("in-tab");
const names = "docker ps --format '{{.Image}}'";

describe("docker context", () => {
  it("creates a context for a daemon and lists it beside the default one, in Docker's table", async () => {
    const endpoints = daemons();
    expect(await runLine('docker context create remote --description "berth daemon" --docker host=http://127.0.0.1:2380,token=abc', tab, {}, undefined, endpoints)).toEqual({
      code: 0,
      stdout: "remote\n",
      stderr: 'Successfully created context "remote"\n',
    });
    expect((await runLine("docker context ls", tab, {}, undefined, endpoints)).stdout).toBe(
      [
        "NAME        DESCRIPTION                    DOCKER ENDPOINT         ERROR",
        "default *   The berth engine in this tab   worker://berth-engine   ",
        "remote      berth daemon                   http://127.0.0.1:2380   ",
        "",
      ].join("\n"),
    );
    expect((await runLine("docker context ls -q", tab, {}, undefined, endpoints)).stdout).toBe("default\nremote\n");
    expect((await runLine("docker context ls --format '{{.Name}} {{.DockerEndpoint}} {{.Current}}'", tab, {}, undefined, endpoints)).stdout).toBe(
      "default worker://berth-engine true\nremote http://127.0.0.1:2380 false\n",
    );
    expect((await runLine("docker context ls --format json", tab, {}, undefined, endpoints)).stdout.split("\n")[1]).toBe(
      '{"Current":false,"Description":"berth daemon","DockerEndpoint":"http://127.0.0.1:2380","Error":"","Name":"remote"}',
    );
  });

  it("refuses what Docker refuses, in its words", async () => {
    const endpoints = daemons();
    const create = (args: string) => runLine(`docker context create ${args}`, tab, {}, undefined, endpoints);
    await create("remote --docker host=tcp://127.0.0.1:2380");
    expect(await create("remote --docker host=tcp://127.0.0.1:2380")).toMatchObject({ code: 1, stderr: 'context "remote" already exists\n' });
    expect(await create("default --docker host=tcp://127.0.0.1:2380")).toMatchObject({ code: 1, stderr: '"default" is a reserved context name\n' });
    expect((await create("x --docker host=tcp://127.0.0.1:2380")).stderr).toBe(
      'context name "x" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"\n',
    );
    expect(await create("other")).toMatchObject({ code: 1, stderr: "docker endpoint configuration is required\n" });
    expect((await create("other --docker host=tcp://h:1,ca=/ca.pem")).stderr).toBe("unable to create docker endpoint config: unrecognized config key: ca\n");
    expect((await create("other --docker host=unix:///var/run/docker.sock")).stderr).toBe(
      "unable to create docker endpoint config: invalid docker endpoint options: a page reaches a daemon over tcp://, http:// or https:// only, not unix://\n",
    );
    const malformed = await create("other --docker host");
    expect(malformed.code).toBe(125);
    expect(malformed.stderr).toMatch(/^invalid argument "host" for "--docker" flag: host must be formatted as key=value\n/);
    expect(endpoints.store.list().map((context) => context.name)).toEqual(["remote"]);
  });

  it("sends later commands to the context in use, and `use default` back to the tab's engine", async () => {
    const endpoints = daemons();
    await runLine("docker context create remote --docker host=http://127.0.0.1:2380,token=abc", tab, {}, undefined, endpoints);
    expect(await runLine("docker context use remote", tab, {}, undefined, endpoints)).toEqual({ code: 0, stdout: "remote\n", stderr: 'Current context is now "remote"\n' });
    expect((await runLine("docker context show", tab, {}, undefined, endpoints)).stdout).toBe("remote\n");
    expect((await runLine(names, tab, {}, undefined, endpoints)).stdout).toBe("http://127.0.0.1:2380 abc\n");
    expect((await runLine("docker context ls -q --format '{{.Name}}'", tab, {}, undefined, endpoints)).stdout).toBe("default\nremote\n");
    expect(await runLine("docker context use default", tab, {}, undefined, endpoints)).toMatchObject({ code: 0, stderr: 'Current context is now "default"\n' });
    expect((await runLine(names, tab, {}, undefined, endpoints)).stdout).toBe("in-tab\n");
    expect(await runLine("docker context use nowhere", tab, {}, undefined, endpoints)).toMatchObject({ code: 1, stderr: 'context "nowhere": context not found\n' });
  });

  it("takes -H and --context for one command line, as Docker's global options", async () => {
    const endpoints = daemons();
    await runLine("docker context create remote --docker host=http://127.0.0.1:2380,token=abc", tab, {}, undefined, endpoints);
    expect((await runLine(`docker --context remote ${names.slice("docker ".length)}`, tab, {}, undefined, endpoints)).stdout).toBe("http://127.0.0.1:2380 abc\n");
    expect((await runLine("docker -c remote context show", tab, {}, undefined, endpoints)).stdout).toBe("remote\n");
    // -H has no token of its own: a context for the same daemon lends it.
    expect((await runLine(`docker -H http://127.0.0.1:2380 ${names.slice("docker ".length)}`, tab, {}, undefined, endpoints)).stdout).toBe("http://127.0.0.1:2380 abc\n");
    expect((await runLine(`docker -H tcp://127.0.0.1:2999 ${names.slice("docker ".length)}`, tab, {}, undefined, endpoints)).stdout).toBe("tcp://127.0.0.1:2999 -\n");
    expect(await runLine("docker -H tcp://a:1 --context remote ps", tab, {}, undefined, endpoints)).toMatchObject({
      code: 1,
      stderr: "conflicting options: cannot specify both --host and --context\n",
    });
    expect((await runLine("docker -H tcp://a:1 -H tcp://b:1 ps", tab, {}, undefined, endpoints)).stderr).toMatch(
      /^invalid argument "tcp:\/\/b:1" for "-H, --host" flag: specify only one -H\n\nUsage: {2}docker \[OPTIONS\] COMMAND \[ARG\.\.\.\]/,
    );
    expect((await runLine("docker -H nonsense ps", tab, {}, undefined, endpoints)).stderr).toMatch(/^invalid argument "nonsense" for "-H, --host" flag: unable to parse docker host `nonsense`\n/);
  });

  it("removes contexts: the one in use only with -f, never the default", async () => {
    const endpoints = daemons();
    await runLine("docker context create remote --docker host=tcp://127.0.0.1:2380", tab, {}, undefined, endpoints);
    await runLine("docker context create spare --docker host=tcp://127.0.0.1:2381", tab, {}, undefined, endpoints);
    await runLine("docker context use remote", tab, {}, undefined, endpoints);
    expect(await runLine("docker context rm remote default nope spare", tab, {}, undefined, endpoints)).toEqual({
      code: 1,
      stdout: "spare\n",
      stderr: 'context "remote" is in use, set -f flag to force remove\ncontext "default" cannot be removed\ncontext "nope" does not exist\n',
    });
    expect(await runLine("docker context rm -f remote", tab, {}, undefined, endpoints)).toEqual({ code: 0, stdout: "remote\n", stderr: "" });
    expect((await runLine("docker context show", tab, {}, undefined, endpoints)).stdout).toBe("default\n");
  });

  it("inspects contexts as Docker prints them, listing the token without showing it", async () => {
    const endpoints = daemons();
    await runLine('docker context create remote --description "berth daemon" --docker host=http://127.0.0.1:2380,token=abc', tab, {}, undefined, endpoints);
    const { code, stdout } = await runLine("docker context inspect remote default", tab, {}, undefined, endpoints);
    expect(code).toBe(0);
    expect(stdout).not.toContain("abc");
    expect(JSON.parse(stdout)).toEqual([
      {
        Name: "remote",
        Metadata: { Description: "berth daemon" },
        Endpoints: { docker: { Host: "http://127.0.0.1:2380", SkipTLSVerify: false } },
        TLSMaterial: { docker: ["token"] },
        Storage: { MetadataPath: "localStorage berth.docker.contexts", TLSPath: "localStorage berth.docker.contexts" },
      },
      {
        Name: "default",
        Metadata: {},
        Endpoints: { docker: { Host: "worker://berth-engine", SkipTLSVerify: false } },
        TLSMaterial: {},
        Storage: { MetadataPath: "<IN MEMORY>", TLSPath: "<IN MEMORY>" },
      },
    ]);
    expect(stdout.startsWith('[\n    {\n        "Name": "remote",')).toBe(true);
    expect((await runLine("docker context inspect -f '{{.Endpoints.docker.Host}}'", tab, {}, undefined, endpoints)).stdout).toBe("worker://berth-engine\n");
    expect(await runLine("docker context inspect gone", tab, {}, undefined, endpoints)).toMatchObject({ code: 1, stdout: "[]\n", stderr: 'context "gone": context not found\n' });
  });

  it("keeps the prompt working when the current context is gone: the daemon's calls fail, the context verbs repair it", async () => {
    const endpoints = daemons();
    endpoints.store.use("gone");
    expect(await runLine("docker ps", tab, {}, undefined, endpoints)).toMatchObject({ code: 1, stderr: 'unable to resolve docker endpoint: context "gone": context not found\n' });
    expect((await runLine("docker context ls", tab, {}, undefined, endpoints)).stdout).toMatch(/\ngone \* {10,}context "gone": context not found\n/);
    expect((await runLine("docker context use default", tab, {}, undefined, endpoints)).code).toBe(0);
  });

  it("says Docker's words when the context's daemon does not answer", async () => {
    const endpoints: DaemonEndpoints = {
      store: new ContextStore(memoryStorage()),
      connect: (host, token) => connectRemoteEngine(host, token, { fetch: () => Promise.reject(new TypeError("Failed to fetch")) }),
    };
    await runLine("docker context create down --docker host=http://127.0.0.1:1", tab, {}, undefined, endpoints);
    await runLine("docker context use down", tab, {}, undefined, endpoints);
    expect(await runLine("docker ps", tab, {}, undefined, endpoints)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Cannot connect to the Docker daemon at http://127.0.0.1:1. Is the docker daemon running?\n",
    });
    expect(await runLine("docker run --rm busybox echo hi", tab, {}, undefined, endpoints)).toEqual({
      code: 125,
      stdout: "",
      stderr: "docker: Cannot connect to the Docker daemon at http://127.0.0.1:1. Is the docker daemon running?\n\nRun 'docker run --help' for more information\n",
    });
  });
});
