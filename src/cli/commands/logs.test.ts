import { describe, expect, it } from "vitest";
import type { EngineApi, OutputSink } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { ContainerInspectResponse } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";
import { endedStream, openStream, type OpenStream } from "../testing/fake-stream.ts";

const id = "4f66ad9a0b2e".padEnd(64, "1");
type LogsRequest = Parameters<EngineApi["containerLogs"]>[0];
const bytes = (text: string) => new TextEncoder().encode(text);

/** `web` wrote "out 1", "err 1" and "out 2"; a follow stays open until the client hangs up. */
function engine(requests: LogsRequest[], follows: OpenStream[] = []): Partial<EngineApi> {
  return {
    async containerInspect({ id: name }) {
      if (name !== "web") throw new EngineError("not-found", `No such container: ${name}`);
      return { Id: id, Config: { Tty: false } } as ContainerInspectResponse;
    },
    async containerLogs(request, sink: OutputSink) {
      requests.push(request);
      sink.write(1, bytes("out 1\n"));
      sink.write(2, bytes("err 1\n"));
      sink.write(1, bytes("out 2\n"));
      if (!request.follow) return endedStream();
      const stream = openStream();
      follows.push(stream);
      return stream;
    },
  };
}

const defaults = { id, stdout: true, stderr: true, follow: false, timestamps: false, tail: "all" };

describe("docker logs", () => {
  it("writes the container's stdout to stdout and its stderr to stderr", async () => {
    const requests: LogsRequest[] = [];
    expect(await runLine("docker logs web", engine(requests))).toEqual({ code: 0, stdout: "out 1\nout 2\n", stderr: "err 1\n" });
    expect(requests).toEqual([defaults]);
  });

  it.each<[string, Partial<LogsRequest>]>([
    ["docker logs -n 10 web", { tail: "10" }],
    ["docker container logs --tail=0 -t web", { tail: "0", timestamps: true }],
    ["docker logs --since 1357133017 --until 2013-01-02T13:23:37Z web", { since: "1357133017", until: "1357133017.000000000" }],
  ])("%s", async (line, request) => {
    const requests: LogsRequest[] = [];
    await runLine(line, engine(requests));
    expect(requests).toEqual([{ ...defaults, ...request }]);
  });

  it("turns a relative --since into whole seconds before now", async () => {
    const requests: LogsRequest[] = [];
    const before = Math.floor(Date.now() / 1000);
    await runLine("docker logs --since 10m web", engine(requests));
    const since = Number(requests[0].since);
    expect(since).toBeGreaterThanOrEqual(before - 600);
    expect(since).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) - 600);
  });

  it("follows until Ctrl-C hangs up", async () => {
    const requests: LogsRequest[] = [];
    const follows: OpenStream[] = [];
    expect(await runLine("docker logs -f web", engine(requests, follows), { input: "\x03" })).toEqual({
      code: 130,
      stdout: "out 1\nout 2\n",
      stderr: "err 1\n",
    });
    expect(requests[0].follow).toBe(true);
    expect(follows.map((stream) => stream.closed)).toEqual([true]);
  });

  it("refuses a --since it cannot read", async () => {
    const requests: LogsRequest[] = [];
    expect(await runLine("docker logs --since yesterday web", engine(requests))).toEqual({
      code: 1,
      stdout: "",
      stderr: 'invalid value for "since": failed to parse value as time or duration: "yesterday"\n',
    });
    expect(requests).toEqual([]);
  });

  it("reports a missing container before anything else", async () => {
    expect(await runLine("docker logs --since yesterday nope", engine([]))).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: No such container: nope\n",
    });
  });
});
