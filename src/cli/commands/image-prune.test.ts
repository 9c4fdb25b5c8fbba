import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import type { ImagePruneResponse } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";

type PruneRequest = Parameters<EngineApi["imagePrune"]>[0];

const deletedId = `sha256:${"d".repeat(64)}`;
const danglingPrompt = "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ";

function engine(calls: PruneRequest[], report: ImagePruneResponse): Partial<EngineApi> {
  return {
    async imagePrune(params) {
      calls.push(params);
      return report;
    },
  };
}

const pruned: ImagePruneResponse = {
  ImagesDeleted: [{ Untagged: "debian:latest" }, { Deleted: deletedId }],
  SpaceReclaimed: 120_738_354,
};

describe("docker image prune", () => {
  it("asks first, echoing the answer, then lists what went", async () => {
    const calls: PruneRequest[] = [];
    expect(await runLine("docker image prune", engine(calls, pruned), { input: "y\r" })).toEqual({
      code: 0,
      stdout:
        `${danglingPrompt}y\n` +
        `Deleted Images:\nuntagged: debian:latest\ndeleted: ${deletedId}\n\nTotal reclaimed space: 120.7MB\n`,
      stderr: "",
    });
    expect(calls).toEqual([{ filters: { dangling: ["true"] } }]);
  });

  it("warns about every unused image with -a", async () => {
    const calls: PruneRequest[] = [];
    const { stdout } = await runLine("docker image prune -a", engine(calls, pruned), { input: " Y \r" });
    expect(stdout.startsWith("WARNING! This will remove all images without at least one container associated to them.\n")).toBe(true);
    expect(calls).toEqual([{ filters: { dangling: ["false"] } }]);
  });

  it.each([["n\r"], ["\r"], ["yes\r"], ["\x04"]])("cancels silently on %j", async (input) => {
    const calls: PruneRequest[] = [];
    const { code, stderr } = await runLine("docker image prune", engine(calls, pruned), { input });
    expect({ code, stderr, calls }).toEqual({ code: 0, stderr: "", calls: [] });
  });

  it("lets Backspace correct the answer", async () => {
    const calls: PruneRequest[] = [];
    const { stdout } = await runLine("docker image prune", engine(calls, pruned), { input: "n\x7fy\r" });
    expect(stdout.startsWith(`${danglingPrompt}n\b \by\n`)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it("stops on Ctrl-C", async () => {
    const calls: PruneRequest[] = [];
    expect(await runLine("docker image prune", engine(calls, pruned), { input: "\x03" })).toEqual({
      code: 130,
      stdout: `${danglingPrompt}^C\n`,
      stderr: "",
    });
    expect(calls).toEqual([]);
  });

  it("does not ask with -f, and reports nothing reclaimed when nothing went", async () => {
    const calls: PruneRequest[] = [];
    expect(await runLine("docker image prune -f", engine(calls, { ImagesDeleted: [], SpaceReclaimed: 0 }))).toEqual({
      code: 0,
      stdout: "Total reclaimed space: 0B\n",
      stderr: "",
    });
  });
});
