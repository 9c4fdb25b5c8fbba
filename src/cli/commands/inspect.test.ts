import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { ContainerInspectResponse, ImageInspect } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";

const busybox: ImageInspect = {
  Id: `sha256:${"b".repeat(64)}`,
  RepoTags: ["busybox:latest"],
  RepoDigests: [],
  Parent: "",
  Comment: "",
  Created: "2024-09-26T21:31:42Z",
  Author: "",
  Config: { Env: ["PATH=/bin"], Cmd: ["sh"], Labels: { note: "a<b&c" } },
  Architecture: "386",
  Os: "linux",
  Size: 4_261_646,
  GraphDriver: { Name: "berth", Data: null },
  RootFS: { Type: "layers", Layers: [`sha256:${"1".repeat(64)}`] },
  Metadata: {},
};

const engine: Partial<EngineApi> = {
  async containerInspect({ id }) {
    throw new EngineError("not-found", `No such container: ${id}`);
  },
  async imageInspect({ name }) {
    if (name === "busybox") return busybox;
    throw new EngineError("not-found", `No such image: ${name}:latest`);
  },
  async networkInspect({ id }) {
    throw new EngineError("not-found", `network ${id} not found`);
  },
};

const indentedBusybox = [
  "    {",
  `        "Id": "sha256:${"b".repeat(64)}",`,
  '        "RepoTags": [',
  '            "busybox:latest"',
  "        ],",
  '        "RepoDigests": [],',
  '        "Parent": "",',
  '        "Comment": "",',
  '        "Created": "2024-09-26T21:31:42Z",',
  '        "Author": "",',
  '        "Config": {',
  '            "Env": [',
  '                "PATH=/bin"',
  "            ],",
  '            "Cmd": [',
  '                "sh"',
  "            ],",
  '            "Labels": {',
  '                "note": "a\\u003cb\\u0026c"',
  "            }",
  "        },",
  '        "Architecture": "386",',
  '        "Os": "linux",',
  '        "Size": 4261646,',
  '        "GraphDriver": {',
  '            "Name": "berth",',
  '            "Data": null',
  "        },",
  '        "RootFS": {',
  '            "Type": "layers",',
  '            "Layers": [',
  `                "sha256:${"1".repeat(64)}"`,
  "            ]",
  "        },",
  '        "Metadata": {}',
  "    }",
];

describe("docker image inspect", () => {
  it("prints a JSON array indented by four spaces, escaped as Go escapes", async () => {
    expect(await runLine("docker image inspect busybox", engine)).toEqual({
      code: 0,
      stdout: ["[", ...indentedBusybox, "]", ""].join("\n"),
      stderr: "",
    });
  });

  it("prints what it found, then fails for what it did not", async () => {
    expect(await runLine("docker image inspect nope busybox", engine)).toEqual({
      code: 1,
      stdout: ["[", ...indentedBusybox, "]", ""].join("\n"),
      stderr: "Error response from daemon: No such image: nope:latest\n",
    });
    expect(await runLine("docker image inspect nope other", engine)).toEqual({
      code: 1,
      stdout: "[]\n",
      stderr: "Error response from daemon: No such image: nope:latest\nError response from daemon: No such image: other:latest\n",
    });
  });

  it("prints compact JSON with --format json", async () => {
    const { stdout } = await runLine("docker image inspect --format json busybox", engine);
    expect(stdout).toBe(`[${JSON.stringify(busybox).replace("a<b&c", "a\\u003cb\\u0026c")}]\n`);
  });

  it.each<[string, string]>([
    ["-f '{{.Id}}'", `sha256:${"b".repeat(64)}\n`],
    ["--format '{{.Config.Cmd}}'", "[sh]\n"],
    ["-f '{{.RootFS.Layers}}'", `[sha256:${"1".repeat(64)}]\n`],
    ["-f '{{json .Config}}'", '{"User":"","ExposedPorts":{},"Env":["PATH=/bin"],"Entrypoint":[],"Cmd":["sh"],"Volumes":{},"WorkingDir":"","Labels":{"note":"a\\u003cb\\u0026c"},"StopSignal":"","ArgsEscaped":false,"OnBuild":[],"Shell":[]}\n'],
    ["-f '{{.Config.Entrypoint}} {{.GraphDriver.Data}} {{.Variant}}|'", "[] map[] |\n"],
  ])("formats with %s", async (flag, output) => {
    expect(await runLine(`docker image inspect ${flag} busybox`, engine)).toEqual({ code: 0, stdout: output, stderr: "" });
  });

  it("prints a blank line when a template finds nothing", async () => {
    expect(await runLine("docker image inspect -f '{{.Id}}' nope", engine)).toEqual({
      code: 1,
      stdout: "\n",
      stderr: "Error response from daemon: No such image: nope:latest\n",
    });
  });

  it("reports a field the image does not have", async () => {
    expect(await runLine("docker image inspect -f '{{.Nope}}' busybox", engine)).toEqual({
      code: 1,
      stdout: "\n",
      stderr: 'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n',
    });
  });

  it("exits 64 for a template it cannot parse", async () => {
    expect(await runLine("docker image inspect -f '{{.Id' busybox", engine)).toEqual({
      code: 64,
      stdout: "",
      stderr: "template parsing error: template: :1: unclosed action\n",
    });
  });
});

describe("docker inspect", () => {
  it("inspects images, and calls what it cannot find an object", async () => {
    const { code, stdout, stderr } = await runLine("docker inspect -f '{{.Os}}' busybox web", engine);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: "linux\n", stderr: "Error: No such object: web\n" });
  });
});

describe("docker inspect of containers", () => {
  const web = {
    Id: "4f66ad9a0b2e".padEnd(64, "1"),
    Name: "/web",
    State: { Status: "running", Running: true },
    Config: { Image: "busybox" },
  } as unknown as ContainerInspectResponse;
  const sizes: boolean[] = [];
  const both: Partial<EngineApi> = {
    ...engine,
    async containerInspect({ id, size }) {
      sizes.push(size ?? false);
      if (id === "web" || id === "busybox") return web;
      throw new EngineError("not-found", `No such container: ${id}`);
    },
  };

  it("finds a container before an image of the same name", async () => {
    expect(await runLine("docker inspect -f '{{.Name}} {{.State.Status}}' busybox", both)).toEqual({
      code: 0,
      stdout: "/web running\n",
      stderr: "",
    });
  });

  it("looks only for the type asked for", async () => {
    expect((await runLine("docker inspect --type image -f '{{.Os}}' busybox", both)).stdout).toBe("linux\n");
    expect(await runLine("docker inspect --type container -f '{{.Os}}' nope", both)).toEqual({
      code: 1,
      stdout: "\n",
      stderr: "Error response from daemon: No such container: nope\n",
    });
  });

  it.each<[string, string]>([
    [
      "docker inspect --type box web",
      'unknown type: "box": must be one of "config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"\n',
    ],
    [
      "docker inspect --type= web",
      'type is empty: must be one of "config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"\n',
    ],
  ])("%s is refused", async (line, stderr) => {
    expect(await runLine(line, both)).toEqual({ code: 1, stdout: "", stderr });
  });

  it("asks for sizes with -s, warning when it finds an image instead", async () => {
    sizes.length = 0;
    const { stderr } = await runLine("docker inspect -s -f '{{.Id}}' web ubuntu", {
      ...both,
      imageInspect: async () => busybox,
    });
    expect(sizes).toEqual([true, true]);
    expect(stderr).toBe("WARNING: --size ignored for image\n");
  });

  it("docker container inspect prints the containers as JSON", async () => {
    const { code, stdout } = await runLine("docker container inspect web", both);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([web]);
    expect(stdout.split("\n")[1]).toBe("    {");
  });

  it("docker container inspect does not look for images", async () => {
    expect(await runLine("docker container inspect -f '{{.Id}}' ubuntu", both)).toEqual({
      code: 1,
      stdout: "\n",
      stderr: "Error response from daemon: No such container: ubuntu\n",
    });
  });
});
