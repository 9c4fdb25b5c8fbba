import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import type { ImageSummary } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";

const busybox: ImageSummary = {
  Id: `sha256:${"6".repeat(64)}`,
  ParentId: "",
  RepoTags: ["busybox:latest"],
  RepoDigests: [`busybox@sha256:${"a".repeat(64)}`],
  Created: Date.now() / 1000 - 3600,
  Size: 4_261_646,
  SharedSize: -1,
  Labels: {},
  Containers: -1,
};
const engine: Partial<EngineApi> = { imageList: async () => [busybox] };

describe("docker images", () => {
  it.each([["docker images"], ["docker image ls"], ["docker image list"]])("%s prints the table", async (line) => {
    const { code, stdout } = await runLine(line, engine);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^REPOSITORY {3}TAG {7}IMAGE ID {7}CREATED {13}SIZE\nbusybox {6}latest {4}666666666666 {3}About an hour ago {3}4\.26MB\n$/);
  });

  it("adds digests and full IDs when asked", async () => {
    const { stdout } = await runLine("docker images --digests --no-trunc busybox", engine);
    expect(stdout.split("\n")[1]).toMatch(
      new RegExp(`^busybox {6}latest {4}sha256:a{64} {3}sha256:6{64} {3}About an hour ago {3}4\\.26MB$`),
    );
  });

  it("lists only IDs with -q", async () => {
    expect(await runLine("docker images -q --no-trunc", engine)).toEqual({ code: 0, stdout: `sha256:${"6".repeat(64)}\n`, stderr: "" });
  });
});
