import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "../api/types.ts";
import { containerTableHeaders, containerTemplateView, defaultContainerTableFormat } from "./container-table.ts";
import { formatList, parseListFormat } from "./list-format.ts";

const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const secondsAgo = (seconds: number) => now / 1000 - seconds;
const utc = () => 0;

function list(format: string, containers: readonly ContainerSummary[], truncate: boolean): string {
  const rows = containers.map((summary) => containerTemplateView(summary, { truncate, now, timezoneOffset: utc }));
  return formatList(parseListFormat(format), rows, containerTableHeaders);
}

const formatContainerTable = (containers: readonly ContainerSummary[], { truncate }: { truncate: boolean; now: number }) =>
  list(defaultContainerTableFormat, containers, truncate);
const formatContainerIds = (containers: readonly ContainerSummary[], truncate: boolean) => list("{{.ID}}", containers, truncate);

function container(overrides: Partial<ContainerSummary>): ContainerSummary {
  return {
    Id: "4f66ad9a0b2e1c3d5e7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
    Names: ["/quirky_turing"],
    Image: "busybox",
    ImageID: "sha256:aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999",
    Command: "sh",
    Created: secondsAgo(5),
    State: "running",
    Status: "Up 5 seconds",
    Labels: {},
    Ports: [],
    Mounts: [],
    ...overrides,
  };
}

describe("the default docker ps table", () => {
  it("prints only the header when there are no containers", () => {
    expect(formatContainerTable([], { truncate: true, now })).toBe(
      "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n",
    );
  });

  it("lays out rows like docker ps", () => {
    const table = formatContainerTable(
      [
        container({}),
        container({
          Id: "b7e0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0",
          Names: ["/web"],
          Command: "sh -c 'while true; do date; sleep 1; done'",
          Created: secondsAgo(2 * 3600),
          State: "exited",
          Status: "Exited (3) About an hour ago",
        }),
        container({ Id: "c".repeat(64), Names: ["/fresh"], Command: "", Created: secondsAgo(0), State: "created", Status: "Created" }),
      ],
      { truncate: true, now },
    );
    expect(table).toBe(
      [
        "CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                         PORTS     NAMES",
        '4f66ad9a0b2e   busybox   "sh"                     5 seconds ago            Up 5 seconds                             quirky_turing',
        'b7e0c1d2e3f4   busybox   "sh -c \'while true; …"   2 hours ago              Exited (3) About an hour ago             web',
        'cccccccccccc   busybox   ""                       Less than a second ago   Created                                  fresh',
        "",
      ].join("\n"),
    );
  });

  it.each<[number, string]>([
    [1, "1 second ago"],
    [59, "59 seconds ago"],
    [60, "About a minute ago"],
    [5 * 60, "5 minutes ago"],
    [3600, "About an hour ago"],
    [3 * 24 * 3600, "3 days ago"],
  ])("says a container created %d s ago was created %s", (age, created) => {
    const table = formatContainerTable([container({ Created: secondsAgo(age) })], { truncate: true, now });
    expect(table.split("\n")[1]).toContain(`   ${created}   `);
  });

  it("shows full IDs, whole commands and every name with --no-trunc", () => {
    const summary = container({
      Command: "sh -c 'while true; do date; sleep 1; done'",
      Names: ["/web", "/other/link"],
    });
    const row = formatContainerTable([summary], { truncate: false, now }).split("\n")[1];
    expect(row.split(/ {3,}/)).toEqual([
      summary.Id,
      "busybox",
      `"sh -c 'while true; do date; sleep 1; done'"`,
      "5 seconds ago",
      "Up 5 seconds",
      "web,other/link",
    ]);
  });

  it.each<[Partial<ContainerSummary>, string]>([
    [{ Image: "busybox:1.36" }, "busybox:1.36"],
    [{ Image: "docker.io/library/alpine:3.20" }, "alpine:3.20"],
    [{ Image: "busybox@sha256:" + "1".repeat(64) }, "busybox"],
    [{ Image: "sha256:aaaabbbbccccdddd", ImageID: "sha256:aaaabbbbccccddddeeee" }, "aaaabbbbcccc"],
    [{ Image: "" }, "<no image>"],
  ])("shows image %j as %s", (overrides, shown) => {
    const row = formatContainerTable([container(overrides)], { truncate: true, now }).split("\n")[1];
    expect(row.split(/ {3,}/)[1]).toBe(shown);
  });

  it("quotes commands the way Go does", () => {
    const row = formatContainerTable([container({ Command: 'echo "hi"' })], { truncate: true, now }).split("\n")[1];
    expect(row.split(/ {3,}/)[2]).toBe('"echo \\"hi\\""');
  });

  it("keeps a command of exactly 20 characters whole", () => {
    const row = formatContainerTable([container({ Command: "12345678901234567890" })], { truncate: true, now });
    expect(row).toContain('"12345678901234567890"');
  });
});

describe("docker ps -q", () => {
  const containers = [container({}), container({ Id: "f".repeat(64) })];

  it("lists short IDs, one per line", () => {
    expect(formatContainerIds(containers, true)).toBe("4f66ad9a0b2e\nffffffffffff\n");
  });

  it("lists full IDs with --no-trunc", () => {
    expect(formatContainerIds(containers, false)).toBe(`${containers[0].Id}\n${"f".repeat(64)}\n`);
  });

  it("prints nothing for no containers", () => {
    expect(formatContainerIds([], true)).toBe("");
  });
});

describe("docker ps networking columns", () => {
  it("shows published ports grouped as docker does, and the networks by name", () => {
    const web = container({
      Ports: [
        { PrivatePort: 80, PublicPort: 8080, IP: "0.0.0.0", Type: "tcp" },
        { PrivatePort: 80, PublicPort: 8080, IP: "::", Type: "tcp" },
        { PrivatePort: 443, Type: "tcp" },
      ],
      NetworkSettings: { Networks: { backend: {}, app: {} } },
    });
    expect(list("{{.Ports}}|{{.Networks}}", [web, container({})], true)).toBe(
      "443/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp|app,backend\n|\n",
    );
  });
});
