import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import { runLine } from "../testing/fake-command-context.ts";

const engine: Partial<EngineApi> = {
  async imageHistory({ name }) {
    if (name !== "busybox") throw new EngineError("not-found", `No such image: ${name}:latest`);
    return [
      { Id: `sha256:${"6".repeat(64)}`, Created: 1_700_000_000, CreatedBy: "CMD [\"sh\"]", Tags: [], Size: 0, Comment: "" },
      { Id: "<missing>", Created: 1_700_000_000, CreatedBy: "ADD rootfs /", Tags: [], Size: 4_261_646, Comment: "" },
    ];
  },
};

describe("docker history", () => {
  it("prints the table", async () => {
    const { code, stdout } = await runLine("docker image history busybox", engine);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^IMAGE {10}CREATED +CREATED BY {5}SIZE {6}COMMENT\n666666666666 {3}\d+ \w+ ago +CMD \["sh"\] {5}0B {8}\n/);
    expect(stdout).toMatch(/\n<missing> {6}\d+ \w+ ago +ADD rootfs \/ {3}4\.26MB {4}\n$/);
  });

  it("lists IDs with -q", async () => {
    expect(await runLine("docker history -q busybox", engine)).toEqual({
      code: 0,
      stdout: "666666666666\n<missing>\n",
      stderr: "",
    });
  });

  it("prints each layer through a --format template, as a table too", async () => {
    expect(await runLine("docker history --format '{{.CreatedBy}}|{{.Size}}' busybox", engine)).toEqual({
      code: 0,
      stdout: 'CMD ["sh"]|0B\nADD rootfs /|4.26MB\n',
      stderr: "",
    });
    const table = await runLine("docker history --human=false --format 'table {{.ID}}\\t{{.Size}}' busybox", engine);
    expect(table).toEqual({ code: 0, stdout: "IMAGE          SIZE\n666666666666   0\n<missing>      4261646\n", stderr: "" });
    expect((await runLine("docker history --format '{{.Nope' busybox", engine)).stderr).toMatch(/^template parsing error: /);
  });

  it("reports a missing image", async () => {
    expect(await runLine("docker history nope", engine)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: No such image: nope:latest\n",
    });
  });
});
