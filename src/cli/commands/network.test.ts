import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { Network } from "../../api/network-types.ts";
import { runLine } from "../testing/fake-command-context.ts";

const appId = `a1b2c3d4e5f6${"0".repeat(52)}`;
const bridgeId = `f2de39df4171${"1".repeat(52)}`;

function network(name: string, id: string, fields: Partial<Network> = {}): Network {
  return {
    Name: name,
    Id: id,
    Created: "2026-12-07T09:52:22.123450000Z",
    Scope: "local",
    Driver: "bridge",
    EnableIPv4: true,
    EnableIPv6: false,
    IPAM: { Driver: "default", Options: null, Config: [{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Options: {},
    Labels: {},
    ...fields,
  };
}

const networks = [
  network("app10", `0${"2".repeat(63)}`),
  network("bridge", bridgeId, { Options: { "com.docker.network.bridge.default_bridge": "true" } }),
  network("none", `9${"3".repeat(63)}`, { Driver: "null", EnableIPv4: false }),
  network("app9", appId, { Labels: { tier: "db", env: "test" }, Internal: true }),
];

/** An engine that records each call's request and answers from `answers`. */
function engine(calls: unknown[], answers: Partial<EngineApi>): Partial<EngineApi> {
  const recorded: Partial<EngineApi> = {};
  for (const [name, method] of Object.entries(answers)) {
    Object.assign(recorded, {
      [name]: (request: unknown) => {
        calls.push({ [name]: request });
        return (method as (request: unknown) => unknown)(request);
      },
    });
  }
  return recorded;
}

const listing: Partial<EngineApi> = { networkList: async () => structuredClone(networks) };

describe("docker network", () => {
  it("alone prints its help to stderr and succeeds, listing its verbs", async () => {
    const { code, stdout, stderr } = await runLine("docker network");
    expect({ code, stdout }).toEqual({ code: 0, stdout: "" });
    expect(stderr).toContain(
      [
        "Usage:  docker network COMMAND",
        "",
        "Manage networks",
        "",
        "Commands:",
        "  connect     Connect a container to a network",
        "  create      Create a network",
        "  disconnect  Disconnect a container from a network",
        "  inspect     Display detailed information on one or more networks",
        "  ls          List networks",
        "  prune       Remove all unused networks",
        "  rm          Remove one or more networks",
        "",
        "Run 'docker network COMMAND --help' for more information on a command.",
      ].join("\n"),
    );
  });
});

describe("docker network create", () => {
  it("sends the options as the docker CLI does and prints the ID", async () => {
    const calls: unknown[] = [];
    const run = await runLine(
      "docker network create -d bridge --subnet 172.20.0.0/16,10.9.0.0/24 --gateway 172.20.0.254 --ip-range 172.20.5.0/24 " +
        "--aux-address host1=10.9.0.5 --internal --attachable --ipv6 --label tier=db -o com.docker.network.driver.mtu=1400 app",
      engine(calls, { networkCreate: async () => ({ Id: appId, Warning: "" }) }),
    );
    expect(run).toEqual({ code: 0, stdout: `${appId}\n`, stderr: "" });
    expect(calls).toEqual([
      {
        networkCreate: {
          body: {
            Name: "app",
            Driver: "bridge",
            Options: { "com.docker.network.driver.mtu": "1400" },
            IPAM: {
              Driver: "default",
              Config: [
                { Subnet: "172.20.0.0/16", IPRange: "172.20.5.0/24", Gateway: "172.20.0.254" },
                { Subnet: "10.9.0.0/24", AuxiliaryAddresses: { host1: "10.9.0.5" } },
              ],
              Options: {},
            },
            Labels: { tier: "db" },
            Internal: true,
            EnableIPv6: true,
            Attachable: true,
          },
        },
      },
    ]);
  });

  it("leaves IPv4 to the daemon unless --ipv4 is given", async () => {
    const calls: { networkCreate: { body: object } }[] = [];
    const answers = { networkCreate: async () => ({ Id: appId, Warning: "" }) };
    await runLine("docker network create plain", engine(calls, answers));
    await runLine("docker network create --ipv4=false v6only", engine(calls, answers));
    expect(calls.map((call) => "EnableIPv4" in call.networkCreate.body)).toEqual([false, true]);
    expect(calls[1]!.networkCreate.body).toMatchObject({ EnableIPv4: false, IPAM: { Config: [] } });
  });

  // The docker CLI's words (test/integration/cli-parity-network.test.ts checks them against it).
  it.each<[string, string]>([
    ["--ip-range 10.0.0.0/24", "every ip-range or gateway must have a corresponding subnet"],
    ["--subnet 10.0.0.0/16 --gateway 10.0.0.1,10.0.0.2", "every ip-range or gateway must have a corresponding subnet"],
    ["--subnet 10.0.0.0/16 --subnet 10.0.1.0/24", "multiple overlapping subnet configuration is not supported"],
    ["--subnet 10.0.0.0/16 --gateway 10.1.0.1", "no matching subnet for gateway 10.1.0.1"],
    ["--subnet 10.0.0.0/16 --ip-range foo", "invalid CIDR address: foo"],
    ["--subnet foo --subnet 10.0.0.0/8", "invalid subnet: invalid CIDR address: foo"],
    ["--subnet 10.0.0.0/16 --subnet 10.1.0.0/16 --ip-range 10.0.1.0/24 --ip-range 10.0.2.0/24", "cannot configure multiple ranges (10.0.2.0/24, 10.0.1.0/24) on the same subnet (10.0.0.0/16)"],
    ["--subnet 10.0.0.0/16 --subnet 10.1.0.0/16 --gateway 10.0.0.1 --gateway 10.0.0.2", "cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/16)"],
    ["--subnet 10.0.0.0/16 --aux-address a=11.0.0.1", "no matching subnet for aux-address 11.0.0.1"],
  ])("refuses %s before asking the engine", async (options, message) => {
    const calls: unknown[] = [];
    expect(await runLine(`docker network create ${options} x`, engine(calls, {}))).toEqual({ code: 1, stdout: "", stderr: `${message}\n` });
    expect(calls).toEqual([]);
  });

  it("reports the engine's refusal", async () => {
    const refuse = async () => {
      throw new EngineError("conflict", "network with name app already exists");
    };
    expect(await runLine("docker network create app", { networkCreate: refuse })).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: network with name app already exists\n",
    });
  });
});

describe("docker network ls", () => {
  it("prints the table in natural order of names, IDs cut to 12", async () => {
    expect(await runLine("docker network ls", listing)).toEqual({
      code: 0,
      stdout: [
        "NETWORK ID     NAME      DRIVER    SCOPE",
        "a1b2c3d4e5f6   app9      bridge    local",
        "022222222222   app10     bridge    local",
        "f2de39df4171   bridge    bridge    local",
        "933333333333   none      null      local",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it.each<[string, string]>([
    ["-q", "a1b2c3d4e5f6\n022222222222\nf2de39df4171\n933333333333\n"],
    ["-q --no-trunc", [appId, `0${"2".repeat(63)}`, bridgeId, `9${"3".repeat(63)}`].map((id) => `${id}\n`).join("")],
    ["--format '{{.Name}} {{.IPv4}} {{.Internal}} {{.Labels}} {{.Label \"tier\"}}'", "app9 true true env=test,tier=db db\napp10 true false  \nbridge true false  \nnone false false  \n"],
    ["--format 'table {{.Name}}\\t{{.CreatedAt}}' -f name=app", "NAME      CREATED AT\napp9      2026-12-07 09:52:22.12345 +0000 UTC\napp10     2026-12-07 09:52:22.12345 +0000 UTC\nbridge    2026-12-07 09:52:22.12345 +0000 UTC\nnone      2026-12-07 09:52:22.12345 +0000 UTC\n"],
    ["--format raw -q", "network_id: a1b2c3d4e5f6\nnetwork_id: 022222222222\nnetwork_id: f2de39df4171\nnetwork_id: 933333333333\n"],
  ])("docker network ls %s", async (options, stdout) => {
    expect(await runLine(`docker network ls ${options}`, listing)).toEqual({ code: 0, stdout, stderr: "" });
  });

  it("prints each network as JSON with --format json", async () => {
    const { stdout } = await runLine("docker network ls --format json", listing);
    expect(stdout.split("\n")[0]).toBe(
      '{"CreatedAt":"2026-12-07 09:52:22.12345 +0000 UTC","Driver":"bridge","ID":"a1b2c3d4e5f6","IPv4":"true","IPv6":"false","Internal":"true","Labels":"env=test,tier=db","Name":"app9","Scope":"local"}',
    );
  });

  it("passes the filters to the engine", async () => {
    const calls: unknown[] = [];
    await runLine("docker network ls -f driver=bridge --filter 'name = app'", engine(calls, listing));
    expect(calls).toEqual([{ networkList: { filters: { driver: ["bridge"], name: ["app"] } } }]);
  });

  it("reports a template it cannot use", async () => {
    expect(await runLine("docker network ls --format '{{.Nope}}'", listing)).toEqual({
      code: 1,
      stdout: "",
      stderr: "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *network.networkContext\n",
    });
  });
});

describe("docker network inspect", () => {
  const inspect: Partial<EngineApi> = {
    async networkInspect({ id }) {
      const found = networks.find((candidate) => candidate.Name === id || candidate.Id.startsWith(id));
      if (!found) throw new EngineError("not-found", `network ${id} not found`);
      return { ...found, Containers: {} };
    },
  };

  it("prints the networks as Docker's indented JSON array", async () => {
    const { code, stdout } = await runLine("docker network inspect app9 bridge", inspect);
    expect(code).toBe(0);
    expect(stdout.startsWith('[\n    {\n        "Name": "app9",\n        "Id": "a1b2c3d4e5f6')).toBe(true);
    expect(JSON.parse(stdout)).toEqual([
      { ...networks[3], Containers: {} },
      { ...networks[1], Containers: {} },
    ]);
  });

  it("formats with -f and reports the ones not found", async () => {
    expect(await runLine("docker network inspect -f '{{.Name}} {{.IPAM.Config}}' app9 gone", inspect)).toEqual({
      code: 1,
      stdout: "app9 [map[Gateway:172.18.0.1 Subnet:172.18.0.0/16]]\n",
      stderr: "Error response from daemon: network gone not found\n",
    });
  });

  it("is what docker inspect finds after containers and images", async () => {
    const notFound = async () => {
      throw new EngineError("not-found", "No such object");
    };
    const both = { ...inspect, containerInspect: notFound, imageInspect: notFound };
    expect(await runLine("docker inspect -f '{{.Driver}}' none", both)).toEqual({ code: 0, stdout: "null\n", stderr: "" });
    expect(await runLine("docker inspect --type network -f '{{.Name}}' bridge", inspect)).toEqual({ code: 0, stdout: "bridge\n", stderr: "" });
  });
});

describe("docker network rm", () => {
  const remove: Partial<EngineApi> = {
    async networkDelete({ id }) {
      if (id === "bridge") throw new EngineError("forbidden", "bridge is a pre-defined network and cannot be removed");
      if (id !== "app") throw new EngineError("not-found", `network ${id} not found`);
    },
  };

  it("removes each, reporting each failure, and fails if any did", async () => {
    expect(await runLine("docker network rm gone app bridge", remove)).toEqual({
      code: 1,
      stdout: "app\n",
      stderr: "Error response from daemon: network gone not found\nError response from daemon: bridge is a pre-defined network and cannot be removed\n",
    });
  });

  it("passes over missing networks with -f", async () => {
    expect(await runLine("docker network remove -f gone app", remove)).toEqual({ code: 0, stdout: "app\n", stderr: "" });
  });
});

describe("docker network prune", () => {
  const prompt = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";

  it("asks first, then lists what went", async () => {
    const calls: unknown[] = [];
    const answers = { networkPrune: async () => ({ NetworksDeleted: ["app9", "app10"] }) };
    expect(await runLine("docker network prune --filter until=24h", engine(calls, answers), { input: "y\r" })).toEqual({
      code: 0,
      stdout: `${prompt}y\nDeleted Networks:\napp9\napp10\n\n`,
      stderr: "",
    });
    expect(calls).toEqual([{ networkPrune: { filters: { until: ["24h"] } } }]);
  });

  it("prints nothing when nothing went, and asks nothing with -f", async () => {
    expect(await runLine("docker network prune -f", { networkPrune: async () => ({ NetworksDeleted: null }) })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("cancels silently when declined", async () => {
    const calls: unknown[] = [];
    expect(await runLine("docker network prune", engine(calls, {}), { input: "n\r" })).toEqual({ code: 0, stdout: `${prompt}n\n`, stderr: "" });
    expect(calls).toEqual([]);
  });
});

describe("docker network connect and disconnect", () => {
  it("connects with the endpoint options given", async () => {
    const calls: unknown[] = [];
    const answers = { networkConnect: async () => undefined, networkDisconnect: async () => undefined };
    expect(await runLine("docker network connect --alias db,cache --alias store --ip 172.18.0.9 app web", engine(calls, answers))).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    await runLine("docker network connect app web", engine(calls, answers));
    await runLine("docker network disconnect -f app web", engine(calls, answers));
    await runLine("docker network disconnect app web", engine(calls, answers));
    expect(calls).toEqual([
      { networkConnect: { id: "app", body: { Container: "web", EndpointConfig: { IPAMConfig: { IPv4Address: "172.18.0.9" }, Aliases: ["db", "cache", "store"] } } } },
      { networkConnect: { id: "app", body: { Container: "web", EndpointConfig: {} } } },
      { networkDisconnect: { id: "app", body: { Container: "web", Force: true } } },
      { networkDisconnect: { id: "app", body: { Container: "web" } } },
    ]);
  });

  it("refuses malformed driver options and reports the engine's errors", async () => {
    expect(await runLine("docker network connect --driver-opt x app web", {})).toEqual({
      code: 1,
      stdout: "",
      stderr: "invalid key/value pair format in driver options\n",
    });
    const missing = async () => {
      throw new EngineError("not-found", "No such container: web");
    };
    expect(await runLine("docker network disconnect app web", { networkDisconnect: missing })).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: No such container: web\n",
    });
  });
});
