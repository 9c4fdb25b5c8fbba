import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { ImageDeleteResponseItem } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";

const debianId = `sha256:${"d".repeat(64)}`;
const conflict =
  "conflict: unable to remove repository reference \"busybox\" (must force) - container 4f66ad9a0b2e is using its referenced image 6fd955f66c23";

const removals: Record<string, ImageDeleteResponseItem[]> = {
  debian: [
    { Untagged: "debian:latest" },
    { Untagged: `debian@sha256:${"a".repeat(64)}` },
    { Deleted: debianId },
    { Deleted: `sha256:${"1".repeat(64)}` },
  ],
  "debian:12": [{ Untagged: "debian:12" }],
};

function engine(forced: boolean[] = []): Partial<EngineApi> {
  return {
    async imageDelete({ name, force }) {
      forced.push(Boolean(force));
      if (name === "busybox" && !force) throw new EngineError("conflict", conflict);
      const removed = removals[name];
      if (!removed) throw new EngineError("not-found", `No such image: ${name}:latest`);
      return removed;
    },
  };
}

describe("docker rmi", () => {
  it("prints what was untagged and deleted", async () => {
    expect(await runLine("docker rmi debian debian:12", engine())).toEqual({
      code: 0,
      stdout: [
        "Untagged: debian:latest",
        `Untagged: debian@sha256:${"a".repeat(64)}`,
        `Deleted: ${debianId}`,
        `Deleted: sha256:${"1".repeat(64)}`,
        "Untagged: debian:12",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("goes on past failures, reports them at the end and fails", async () => {
    expect(await runLine("docker image rm nope busybox debian:12", engine())).toEqual({
      code: 1,
      stdout: "Untagged: debian:12\n",
      stderr: `Error response from daemon: No such image: nope:latest\nError response from daemon: ${conflict}\n`,
    });
  });

  it("passes -f on, and then only reports images that do not exist", async () => {
    const forced: boolean[] = [];
    expect(await runLine("docker rmi -f nope debian:12", engine(forced))).toEqual({
      code: 0,
      stdout: "Untagged: debian:12\n",
      stderr: "Error response from daemon: No such image: nope:latest\n",
    });
    expect(forced).toEqual([true, true]);
  });

  it("fails with -f when an error is not about a missing image", async () => {
    const failing: Partial<EngineApi> = {
      imageDelete: async () => {
        throw new EngineError("system", "layer store is busy");
      },
    };
    expect((await runLine("docker rmi -f debian", failing)).code).toBe(1);
  });
});
