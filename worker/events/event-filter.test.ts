import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../src/api/event-types.ts";
import { eventFilter, type EventFilters } from "./event-filter.ts";

const containerId = "4f66ad9a0b2e".padEnd(64, "1");
const imageId = `sha256:${"ab".repeat(32)}`;

function event(Type: EventMessage["Type"], Action: string, ID: string, Attributes: Record<string, string>): EventMessage {
  return { Type, Action, Actor: { ID, Attributes }, scope: "local", time: 0, timeNano: 0 };
}

const start = event("container", "start", containerId, { image: "busybox:1.36", name: "web", "com.example.tier": "front" });
const exec = event("container", "exec_start: ls -l", containerId, { image: "busybox:1.36", name: "web", execID: "e1" });
const pull = event("image", "pull", "busybox:1.36", { name: "busybox" });
const untag = event("image", "untag", imageId, { name: imageId });

const passes = (filters: EventFilters, candidate: EventMessage) => eventFilter(filters)(candidate);

describe("eventFilter", () => {
  it("lets everything through without filters", () => {
    for (const candidate of [start, exec, pull, untag]) expect(passes({}, candidate)).toBe(true);
  });

  it.each<[string, EventFilters, EventMessage[]]>([
    ["type", { type: ["image"] }, [pull, untag]],
    ["one of several values of a name", { event: ["pull", "start"] }, [start, pull]],
    ["every name given", { type: ["container"], event: ["start", "pull"] }, [start]],
    ["an exec action by its prefix", { event: ["exec_start"] }, [exec]],
    ["other actions only exactly", { event: ["star"] }, []],
    ["a container by name", { container: ["web"] }, [start, exec]],
    ["a container by an id prefix", { container: ["4f66ad"] }, [start, exec]],
    ["a container filter on any actor's id or name, as Docker's does", { container: ["busybox"] }, [pull]],
    ["a container's image, with its tag", { image: ["busybox:1.36"] }, [start, exec, pull]],
    ["an image by its repository alone", { image: ["busybox"] }, [start, exec, pull]],
    ["an image by id", { image: [imageId] }, [untag]],
    ["a label by key", { label: ["com.example.tier"] }, [start]],
    ["a label by key and value", { label: ["com.example.tier=back"] }, []],
    ["any attribute, as Docker's label filter does", { label: ["execID=e1", "name=web"] }, [exec]],
    ["scope", { scope: ["swarm"] }, []],
  ])("matches %s", (_what, filters, expected) => {
    expect([start, exec, pull, untag].filter((candidate) => passes(filters, candidate))).toEqual(expected);
  });
});
