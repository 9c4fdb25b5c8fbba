import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { SystemInfo } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";

const info = { ID: "berth", MemTotal: 509_288_448, NCPU: 1, Driver: "overlay2", ServerVersion: "0.1.0" } as SystemInfo;
const engine: Partial<EngineApi> = { systemInfo: async () => info };

describe("docker info --format", () => {
  it("applies the template to the engine's report, as docker's info embeds it", async () => {
    expect(await runLine("docker info --format '{{.MemTotal}}'", engine)).toEqual({ code: 0, stdout: "509288448\n", stderr: "" });
    expect(await runLine("docker info -f '{{.ClientInfo.Context}} {{.NCPU}}'", engine)).toMatchObject({ code: 0, stdout: "default 1\n" });
    expect(JSON.parse((await runLine("docker info --format json", engine)).stdout)).toMatchObject({ MemTotal: 509_288_448, ClientInfo: { Context: "default" } });
  });

  it("rejects a template it cannot parse before asking the engine, and reports an engine that does not answer", async () => {
    expect(await runLine("docker info --format '{{.MemTotal'", {})).toMatchObject({ code: 64, stdout: "", stderr: expect.stringMatching(/^template parsing error: /) });
    const down: Partial<EngineApi> = { systemInfo: async () => Promise.reject(new EngineError("unavailable", "the guest failed to start")) };
    expect(await runLine("docker info --format '{{.MemTotal}}'", down)).toMatchObject({ code: 1, stdout: "", stderr: expect.stringContaining("the guest failed to start") });
  });
});
