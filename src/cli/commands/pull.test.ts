import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { JsonMessage } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";
import { endedStream } from "../testing/fake-stream.ts";

const digest = `sha256:${"c".repeat(64)}`;
const layer = "a1b2c3d4e5f6";
const messages: JsonMessage[] = [
  { status: "Pulling from library/debian", id: "latest" },
  { status: "Pulling fs layer", id: layer, progressDetail: {} },
  { status: "Downloading", id: layer, progressDetail: { current: 1_000_000, total: 2_000_000 } },
  { status: "Pull complete", id: layer, progressDetail: {} },
  { status: `Digest: ${digest}` },
  { status: "Status: Downloaded newer image for debian:latest" },
];

function pullingEngine(requests: Parameters<EngineApi["imageCreate"]>[0][] = []): Partial<EngineApi> {
  return {
    async imageCreate(params, progress) {
      requests.push(params);
      for (const message of messages) progress.report(message);
      return endedStream();
    },
  };
}

describe("docker pull", () => {
  it("says it uses the default tag, shows the progress in place and ends with the full reference", async () => {
    const requests: Parameters<EngineApi["imageCreate"]>[0][] = [];
    const { code, stdout, stderr } = await runLine("docker pull debian", pullingEngine(requests));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(requests).toEqual([{ fromImage: "docker.io/library/debian:latest" }]);
    expect(stdout).toBe(
      [
        "Using default tag: latest\n",
        "latest: Pulling from library/debian\n",
        `\n\x1b[1A\x1b[2K\r${layer}: Pulling fs layer \r\x1b[1B`,
        `\x1b[1A\x1b[2K\r${layer}: Downloading      1MB/2MB\r\x1b[1B`,
        `\x1b[1A\x1b[2K\r${layer}: Pull complete \r\x1b[1B`,
        `Digest: ${digest}\n`,
        "Status: Downloaded newer image for debian:latest\n",
        "docker.io/library/debian:latest\n",
      ].join(""),
    );
  });

  it("prints only the reference with -q", async () => {
    expect(await runLine("docker pull -q ghcr.io/owner/tool:1.2", pullingEngine())).toEqual({
      code: 0,
      stdout: "ghcr.io/owner/tool:1.2\n",
      stderr: "",
    });
  });

  it("pulls by digest without a default tag, and passes --platform on", async () => {
    const requests: Parameters<EngineApi["imageCreate"]>[0][] = [];
    const { stdout } = await runLine(`docker image pull -q --platform linux/amd64 debian@${digest}`, pullingEngine(requests));
    expect(requests).toEqual([{ fromImage: `docker.io/library/debian@${digest}`, platform: "linux/amd64" }]);
    expect(stdout).toBe(`docker.io/library/debian@${digest}\n`);
  });

  it("reports a failed pull as the daemon's error", async () => {
    const denied = "pull access denied for nope, repository does not exist or may require 'docker login'";
    const engine: Partial<EngineApi> = {
      imageCreate: async () => {
        throw new EngineError("not-found", denied);
      },
    };
    expect(await runLine("docker pull nope", engine)).toEqual({
      code: 1,
      stdout: "Using default tag: latest\n",
      stderr: `Error response from daemon: ${denied}\n`,
    });
  });

  it("refuses a malformed reference before asking the engine", async () => {
    expect(await runLine("docker pull Debian")).toEqual({
      code: 1,
      stdout: "",
      stderr: "invalid reference format: repository name (library/Debian) must be lowercase\n",
    });
  });
});
