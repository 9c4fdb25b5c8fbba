import { describe, expect, it } from "vitest";
import type { EventMessage } from "../api/event-types.ts";
import { eventLine, eventTemplateView } from "./event-output.ts";
import { goJson } from "./go-json.ts";
import { parseGoTemplate } from "./go-template.ts";

const id = "4f66ad9a0b2e".padEnd(64, "1");
const start: EventMessage = {
  Type: "container",
  Action: "start",
  Actor: { ID: id, Attributes: { name: "web", image: "busybox", "com.example.tier": "<front>" } },
  scope: "local",
  time: 1_796_614_800,
  timeNano: 1_796_614_800_123_000_000,
};
const utc = () => 0;

describe("eventLine", () => {
  it("prints time, type, action, actor and the attributes sorted by key, as docker events does", () => {
    expect(eventLine(start, utc)).toBe(`2026-12-07T03:40:00.123000000Z container start ${id} (com.example.tier=<front>, image=busybox, name=web)\n`);
  });

  it("prints the time in the local zone, with its offset", () => {
    expect(eventLine(start, () => -90).slice(0, 36)).toBe("2026-12-07T05:10:00.123000000+01:30 ");
    expect(eventLine(start, () => 300).slice(0, 36)).toBe("2026-12-06T22:40:00.123000000-05:00 ");
  });

  it("keeps every nanosecond digit it was sent", () => {
    expect(eventLine({ ...start, timeNano: 1_796_614_800_123_456_000 }, utc)).toMatch(/^2026-12-07T03:40:00\.123456000Z /);
  });

  it("falls back to whole seconds, and leaves out what is empty", () => {
    expect(eventLine({ ...start, timeNano: 0, Actor: { ID: "", Attributes: {} } }, utc)).toBe("2026-12-07T03:40:00.000000000Z container start \n");
    expect(eventLine({ ...start, time: 0, timeNano: 0, Actor: { ID: "x", Attributes: {} } }, utc)).toBe("container start x\n");
  });
});

describe("eventTemplateView", () => {
  const run = (template: string) => parseGoTemplate(template).execute(eventTemplateView(start));

  it("shows the fields of docker's events.Message", () => {
    expect(run("{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{.Scope}} {{.Time}} {{.TimeNano}}")).toBe(
      `container start ${id} web local 1796614800 1796614800123000000`,
    );
  });

  it("prints <no value> for an attribute the event lacks", () => {
    expect(run("{{.Actor.Attributes.exitCode}}")).toBe("<no value>");
  });

  it("refuses a field the struct lacks, as Go does", () => {
    expect(() => run("{{.Status2}}")).toThrow(`template: :1:2: executing "" at <.Status2>: can't evaluate field Status2 in type *events.Message`);
  });

  it("encodes the message as Go does for {{json .}}: Docker's names, attributes sorted", () => {
    expect(run("{{json .}}")).toBe(
      goJson({
        Type: "container",
        Action: "start",
        Actor: { ID: id, Attributes: { "com.example.tier": "<front>", image: "busybox", name: "web" } },
        scope: "local",
        time: 1_796_614_800,
        timeNano: 1_796_614_800_123_000_000,
      }),
    );
    expect(run("{{json .Actor}}")).toBe(`{"ID":"${id}","Attributes":{"com.example.tier":"\\u003cfront\\u003e","image":"busybox","name":"web"}}`);
  });
});
