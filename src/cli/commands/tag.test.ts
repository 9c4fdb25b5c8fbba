import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import { runLine } from "../testing/fake-command-context.ts";

type TagParams = Parameters<EngineApi["imageTag"]>[0];

function engine(requests: TagParams[]): Partial<EngineApi> {
  return {
    async imageTag(params) {
      requests.push(params);
      if (params.name === "nope") throw new EngineError("not-found", "No such image: nope:latest");
    },
  };
}

describe("docker tag", () => {
  it.each<[string, TagParams]>([
    ["docker tag debian mine", { name: "debian", repo: "docker.io/library/mine", tag: "latest" }],
    ["docker image tag debian:12 team/app:v1", { name: "debian:12", repo: "docker.io/team/app", tag: "v1" }],
    ["docker tag 6fd955f66c23 localhost:5000/app", { name: "6fd955f66c23", repo: "localhost:5000/app", tag: "latest" }],
  ])("%s is silent and asks the engine for %j", async (line, request) => {
    const requests: TagParams[] = [];
    expect(await runLine(line, engine(requests))).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(requests).toEqual([request]);
  });

  it.each<[string, string]>([
    [
      "docker tag debian Mine",
      'Error parsing reference: "Mine" is not a valid repository/tag: invalid reference format: repository name (library/Mine) must be lowercase',
    ],
    ["docker tag Debian mine", 'Error parsing reference: "Debian" is not a valid repository/tag: invalid reference format: repository name (library/Debian) must be lowercase'],
    [`docker tag debian mine@sha256:${"a".repeat(64)}`, "refusing to create a tag with a digest reference"],
    ["docker tag nope mine", "Error response from daemon: No such image: nope:latest"],
  ])("%s fails: %s", async (line, message) => {
    expect(await runLine(line, engine([]))).toEqual({ code: 1, stdout: "", stderr: `${message}\n` });
  });
});
