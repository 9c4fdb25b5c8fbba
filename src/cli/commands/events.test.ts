import { describe, expect, it } from "vitest";
import type { EngineApi, MessageSink } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { EventMessage } from "../../api/event-types.ts";
import { runLine } from "../testing/fake-command-context.ts";
import { endedStream, openStream, type OpenStream } from "../testing/fake-stream.ts";

type EventsRequest = Parameters<EngineApi["systemEvents"]>[0];
const id = "4f66ad9a0b2e".padEnd(64, "1");

function event(Action: string, Attributes: Record<string, string> = { image: "busybox", name: "web" }): EventMessage {
  return { Type: "container", Action, Actor: { ID: id, Attributes }, scope: "local", time: 1_796_614_800, timeNano: 1_796_614_800_123_000_000 };
}

/** Reports `events`; with `--until` the stream then ends, otherwise it stays open until the client hangs up. */
function engine(requests: EventsRequest[], events: EventMessage[], streams: OpenStream[] = []): Partial<EngineApi> {
  return {
    async systemEvents(request, sink: MessageSink<EventMessage>) {
      requests.push(request);
      for (const message of events) sink.report(message);
      if (request.until) return endedStream();
      const stream = openStream();
      streams.push(stream);
      return stream;
    },
  };
}

describe("docker events", () => {
  it("prints each event on a line until Ctrl-C hangs up", async () => {
    const requests: EventsRequest[] = [];
    const streams: OpenStream[] = [];
    const { code, stdout, stderr } = await runLine("docker events", engine(requests, [event("create"), event("start")], streams), { input: "\x03" });
    expect({ code, stderr }).toEqual({ code: 130, stderr: "" });
    expect(stdout).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.123000000(Z|[+-]\\d\\d:\\d\\d) container create ${id} \\(image=busybox, name=web\\)\\n.* container start `));
    expect(requests).toEqual([{}]);
    expect(streams.map((stream) => stream.closed)).toEqual([true]);
  });

  it("sends --since, --until and --filter as Docker's client does, and ends with the stream", async () => {
    const requests: EventsRequest[] = [];
    const line = "docker system events --since 1796614800 --until 2026-12-07T03:50:00Z -f type=container -f event=die --filter event=start";
    expect((await runLine(line, engine(requests, []))).code).toBe(0);
    expect(requests).toEqual([{ since: "1796614800", until: "1796615400.000000000", filters: { type: ["container"], event: ["die", "start"] } }]);
  });

  it.each([
    ["{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}", "create web <no value>\ndie web 3\n"],
    ["json", `{"Type":"container","Action":"create","Actor":{"ID":"${id}","Attributes":{"image":"busybox","name":"web"}},"scope":"local","time":1796614800,"timeNano":1796614800123000000}\n`],
  ])("formats each event with --format %s", async (format, output) => {
    const events = [event("create"), event("die", { exitCode: "3", image: "busybox", name: "web" })];
    const result = await runLine(`docker events --until 1796614900 --format '${format}'`, engine([], format === "json" ? events.slice(0, 1) : events));
    expect(result).toEqual({ code: 0, stdout: output, stderr: "" });
  });

  it.each([
    ["{{.Nope}}", 'Error parsing format: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *events.Message'],
    ["{{.Type", "Error parsing format: template: :1: unclosed action"],
  ])("refuses --format %s before it listens", async (format, message) => {
    const requests: EventsRequest[] = [];
    expect(await runLine(`docker events --format '${format}'`, engine(requests, []))).toEqual({ code: 64, stdout: "", stderr: `${message}\n` });
    expect(requests).toEqual([]);
  });

  it("refuses a --since it cannot read", async () => {
    expect(await runLine("docker events --since yesterday", engine([], []))).toEqual({
      code: 1,
      stdout: "",
      stderr: 'failed to parse value as time or duration: "yesterday"\n',
    });
  });

  it("reports the daemon's refusal", async () => {
    const failing: Partial<EngineApi> = {
      async systemEvents() {
        throw new EngineError("invalid", "`since` time (2) cannot be after `until` time (1)");
      },
    };
    expect(await runLine("docker events --since 2 --until 1", failing)).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error response from daemon: `since` time (2) cannot be after `until` time (1)\n",
    });
  });
});
