// How `docker run` gets its image: pulled when missing (or always, or never, as --pull says).

import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import { runLine } from "../testing/fake-command-context.ts";
import { endedStream } from "../testing/fake-stream.ts";

const id = "4f66ad9a0b2e".padEnd(64, "0");

/** An engine that has the image only once it was pulled (or from the start, if `present`). */
function engine(calls: string[], present = false): Partial<EngineApi> {
  let stored = present;
  return {
    async imageCreate({ fromImage }, progress) {
      calls.push(`pull ${fromImage}`);
      progress.report({ status: "Status: Downloaded newer image for debian:latest" });
      stored = true;
      return endedStream();
    },
    async containerCreate({ body }) {
      calls.push(`create ${body.Image}`);
      if (!stored) throw new EngineError("not-found", `No such image: ${body.Image}:latest`);
      return { Id: id, Warnings: [] };
    },
    async containerStart() {
      calls.push("start");
    },
  };
}

describe("docker run pulling its image", () => {
  it("pulls a missing image, with the progress on stderr, then creates the container", async () => {
    const calls: string[] = [];
    expect(await runLine("docker run -d debian", engine(calls))).toEqual({
      code: 0,
      stdout: `${id}\n`,
      stderr: "Unable to find image 'debian:latest' locally\nStatus: Downloaded newer image for debian:latest\n",
    });
    expect(calls).toEqual(["create debian", "pull docker.io/library/debian:latest", "create debian", "start"]);
  });

  it("does not pull an image the engine has", async () => {
    const calls: string[] = [];
    expect((await runLine("docker run -d debian", engine(calls, true))).stderr).toBe("");
    expect(calls).toEqual(["create debian", "start"]);
  });

  it("pulls first with --pull always", async () => {
    const calls: string[] = [];
    const { stderr } = await runLine("docker run -d --pull always localhost:5000/app:1", engine(calls, true));
    expect(stderr).toBe("Status: Downloaded newer image for debian:latest\n");
    expect(calls).toEqual(["pull localhost:5000/app:1", "create localhost:5000/app:1", "start"]);
  });

  it("fails on a missing image with --pull never", async () => {
    const calls: string[] = [];
    expect(await runLine("docker run --pull=never debian", engine(calls))).toEqual({
      code: 125,
      stdout: "",
      stderr: "docker: Error response from daemon: No such image: debian:latest\n\nRun 'docker run --help' for more information\n",
    });
    expect(calls).toEqual(["create debian"]);
  });

  it("does not pull an image given by ID", async () => {
    const calls: string[] = [];
    const { code } = await runLine(`docker run sha256:${"e".repeat(64)}`, engine(calls));
    expect(code).toBe(125);
    expect(calls).toHaveLength(1);
  });

  it("reports a failed pull as docker run does", async () => {
    const failing: Partial<EngineApi> = {
      ...engine([]),
      imageCreate: async () => {
        throw new EngineError("not-found", "pull access denied for nope, repository does not exist or may require 'docker login'");
      },
    };
    expect(await runLine("docker run --rm nope", failing)).toEqual({
      code: 125,
      stdout: "",
      stderr:
        "Unable to find image 'nope:latest' locally\n" +
        "docker: Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login'\n\n" +
        "Run 'docker run --help' for more information\n",
    });
  });

  it.each<[string, string]>([
    ["docker run --pull sometimes debian", `invalid pull option: 'sometimes': must be one of "always", "missing" or "never"`],
    ["docker run Debian", "invalid reference format: repository name (library/Debian) must be lowercase"],
  ])("%s is refused before anything is created", async (line, message) => {
    const calls: string[] = [];
    expect(await runLine(line, engine(calls))).toEqual({
      code: 125,
      stdout: "",
      stderr: `docker: ${message}\n\nRun 'docker run --help' for more information\n`,
    });
    expect(calls).toEqual([]);
  });
});
