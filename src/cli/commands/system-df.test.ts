import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import { runLine } from "../testing/fake-command-context.ts";

const empty: Partial<EngineApi> = {
  systemDataUsage: async () => ({ LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: [] }),
};

describe("docker system df", () => {
  it("prints the summary", async () => {
    const { code, stdout } = await runLine("docker system df", empty);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE");
  });

  it("prints the details with -v", async () => {
    const { stdout } = await runLine("docker system df -v", empty);
    expect(stdout.startsWith("Images space usage:\n\nREPOSITORY ")).toBe(true);
  });

  it("reports the engine's failure", async () => {
    const failing: Partial<EngineApi> = {
      systemDataUsage: async () => {
        throw new EngineError("unavailable", "the engine is starting");
      },
    };
    expect(await runLine("docker system df", failing)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: the engine is starting\n",
    });
  });

  it("takes no arguments", async () => {
    const { code, stderr } = await runLine("docker system df images", empty);
    expect(code).toBe(1);
    expect(stderr.startsWith("docker: 'docker system df' accepts no arguments\n\nUsage:  docker system df [OPTIONS]\n")).toBe(true);
  });
});
