import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { ContainerSummary } from "../../api/types.ts";
import { goTimeString } from "../go-time.ts";
import { runLine } from "../testing/fake-command-context.ts";

const now = Date.UTC(2025, 0, 1, 12, 0, 0);
type ListRequest = Parameters<EngineApi["containerList"]>[0];

const web: ContainerSummary = {
  Id: "4f66ad9a0b2e".padEnd(64, "1"),
  Names: ["/web"],
  Image: "busybox",
  ImageID: `sha256:${"6".repeat(64)}`,
  Command: "httpd -f -p 8080",
  Created: now / 1000 - 300,
  State: "running",
  Status: "Up 5 minutes",
  Labels: { "com.example.tier": "front", owner: "ops" },
  SizeRw: 0,
  SizeRootFs: 4_261_646,
  Ports: [],
  Mounts: [],
};
const job: ContainerSummary = {
  ...web,
  Id: "b7e0c1d2e3f4".padEnd(64, "2"),
  Names: ["/job"],
  Command: "sh -c 'exit 3'",
  Created: now / 1000 - 7200,
  State: "exited",
  Status: "Exited (3) About an hour ago",
  Labels: {},
};

function listing(requests: ListRequest[], containers = [web, job]): Partial<EngineApi> {
  return {
    async containerList(request) {
      requests.push(request);
      return containers;
    },
  };
}

async function ps(line: string, containers?: ContainerSummary[]) {
  const requests: ListRequest[] = [];
  const run = await runLine(line, listing(requests, containers));
  return { ...run, requests };
}

describe("docker ps", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("prints the default table, asking for running containers", async () => {
    expect(await ps("docker ps")).toEqual({
      code: 0,
      stdout: [
        "CONTAINER ID   IMAGE     COMMAND              CREATED         STATUS                         PORTS     NAMES",
        '4f66ad9a0b2e   busybox   "httpd -f -p 8080"   5 minutes ago   Up 5 minutes                             web',
        "b7e0c1d2e3f4   busybox   \"sh -c 'exit 3'\"     2 hours ago     Exited (3) About an hour ago             job",
        "",
      ].join("\n"),
      stderr: "",
      requests: [{}],
    });
  });

  it.each<[string, ListRequest]>([
    ["docker ps -a", { all: true }],
    ["docker container ls --all", { all: true }],
    ["docker container list -n 2", { limit: 2 }],
    ["docker container ps --last=0", {}],
    ["docker ps -l", { limit: 1 }],
    ["docker ps -l -n 3", { limit: 3 }],
    ["docker ps -f status=exited -f name=web --filter Status=created", { filters: { status: ["exited", "created"], name: ["web"] } }],
    ["docker ps --filter label=com.example.tier=front -f ancestor=busybox -f exited=3", {
      filters: { label: ["com.example.tier=front"], ancestor: ["busybox"], exited: ["3"] },
    }],
    ["docker ps -f id=4f66", { filters: { id: ["4f66"] } }],
  ])("%s asks for %j", async (line, request) => {
    expect((await ps(line)).requests).toEqual([request]);
  });

  it("refuses a filter without a value", async () => {
    const { code, stderr, requests } = await ps("docker ps -f status");
    expect({ code, requests }).toEqual({ code: 125, requests: [] });
    expect(stderr).toBe(
      'invalid argument "status" for "-f, --filter" flag: bad format of filter (expected name=value)\n\nUsage:  docker ps [OPTIONS]\n\nRun \'docker ps --help\' for more information\n',
    );
  });

  it("adds the SIZE column with -s", async () => {
    const { stdout, requests } = await ps("docker ps -s", [web]);
    expect(requests).toEqual([{ size: true }]);
    expect(stdout.split("\n")[0]).toMatch(/NAMES +SIZE$/);
    expect(stdout.split("\n")[1]).toMatch(/ web +0B \(virtual 4\.26MB\)$/);
  });

  it.each<[string, string]>([
    ["docker ps -q", "4f66ad9a0b2e\nb7e0c1d2e3f4\n"],
    ["docker ps -q --no-trunc", `${web.Id}\n${job.Id}\n`],
    ["docker ps --format '{{.Names}}: {{.Status}}'", "web: Up 5 minutes\njob: Exited (3) About an hour ago\n"],
    ["docker ps --format '{{.Label \"owner\"}}|{{.Labels}}'", "ops|com.example.tier=front,owner=ops\n|\n"],
    ["docker ps --format '{{.ID}}\\t{{.State}}'", "4f66ad9a0b2e\trunning\nb7e0c1d2e3f4\texited\n"],
    ["docker ps --no-trunc --format '{{.Command}}'", '"httpd -f -p 8080"\n"sh -c \'exit 3\'"\n'],
    ["docker ps --format '{{.RunningFor}} {{.Ports}}|{{.Mounts}}|{{.Networks}}'", "5 minutes ago ||\n2 hours ago ||\n"],
  ])("%s", async (line, stdout) => {
    expect((await ps(line)).stdout).toBe(stdout);
  });

  it("prints a table of the chosen columns with their headers (a label's header is its last name part)", async () => {
    const { stdout } = await ps("docker ps --format 'table {{.ID}}\\t{{.Names}}\\t{{.Label \"com.example.tier\"}}'");
    expect(stdout).toBe(["CONTAINER ID   NAMES     tier", "4f66ad9a0b2e   web       front", "b7e0c1d2e3f4   job       ", ""].join("\n"));
  });

  it("prints the headers alone when nothing matches", async () => {
    expect((await ps("docker ps --format 'table {{.Names}}\\t{{.State}}'", [])).stdout).toBe("NAMES     STATE\n");
  });

  it("prints each container as JSON with --format json, computing sizes for it", async () => {
    const { stdout, requests } = await ps("docker ps --format '{{json .}}'", [web]);
    const createdAt = goTimeString(web.Created, (epochMs) => new Date(epochMs).getTimezoneOffset());
    expect(requests).toEqual([{ size: true }]);
    expect(stdout).toBe(
      `{"Command":"\\"httpd -f -p 8080\\"","CreatedAt":"${createdAt}","ID":"4f66ad9a0b2e","Image":"busybox",` +
        `"Labels":"com.example.tier=front,owner=ops","LocalVolumes":"0","Mounts":"","Names":"web","Networks":"",` +
        `"Platform":null,"Ports":"","RunningFor":"5 minutes ago","Size":"0B (virtual 4.26MB)","State":"running","Status":"Up 5 minutes"}\n`,
    );
  });

  it("asks for sizes when the template reads .Size, unless --size=false says not to", async () => {
    expect((await ps("docker ps --format '{{.Size}}'", [web])).requests).toEqual([{ size: true }]);
    expect((await ps("docker ps --size=false --format '{{.Size}}'", [web])).requests).toEqual([{}]);
    expect((await ps("docker ps --format json", [web])).requests).toEqual([{}]);
  });

  it("ignores --format with -q, saying so", async () => {
    expect(await ps("docker ps -q --format '{{.Names}}'", [web])).toMatchObject({
      code: 0,
      stdout: "4f66ad9a0b2e\n",
      stderr: "WARNING: Ignoring custom format, because both --format and --quiet are set.\n",
    });
  });

  it.each<[string, string]>([
    ["{{.Nope}}", 'failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext'],
    ["{{.Names", "failed to parse template: template: :1: unclosed action"],
  ])("refuses the template %s before listing", async (template, message) => {
    expect(await ps(`docker ps --format '${template}'`)).toEqual({ code: 1, stdout: "", stderr: `${message}\n`, requests: [] });
  });

  it("reports the engine's failure", async () => {
    const failing: Partial<EngineApi> = {
      containerList: async () => {
        throw new EngineError("invalid", "invalid filter 'colour'");
      },
    };
    expect(await runLine("docker ps -f colour=red", failing)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: invalid filter 'colour'\n",
    });
  });
});
