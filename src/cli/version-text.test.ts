import { describe, expect, it } from "vitest";
import type { SystemVersion } from "../api/types.ts";
import type { ClientVersion } from "./client-version.ts";
import { formatVersion } from "./version-text.ts";

const client: ClientVersion = { platformName: "berth", version: "0.1.0", apiVersion: "1.50", context: "default" };

const server: SystemVersion = {
  Platform: { Name: "berth engine" },
  Version: "0.1.0",
  ApiVersion: "1.50",
  MinAPIVersion: "1.24",
  Os: "linux",
  Arch: "386",
  KernelVersion: "6.8.12-berth",
  GitCommit: "c1ddcd0",
  BuildTime: "2025-02-26T10:41:12.000000000+00:00",
  Components: [
    {
      Name: "Engine",
      Version: "0.1.0",
      Details: {
        ApiVersion: "1.50",
        MinAPIVersion: "1.24",
        GitCommit: "c1ddcd0",
        BuildTime: "2025-02-26T10:41:12.000000000+00:00",
        Os: "linux",
        Arch: "386",
        Experimental: "false",
        KernelVersion: "6.8.12-berth",
      },
    },
    { Name: "runc", Version: "1.2.4", Details: { GitCommit: "v1.2.4-0-g6c52b3f" } },
    { Name: "v86", Version: "0.5.462" },
  ],
};

describe("formatVersion", () => {
  it("prints Client and Server sections aligned as docker version does", () => {
    expect(formatVersion(client, server)).toBe(
      [
        "Client: berth",
        " Version:           0.1.0",
        " API version:       1.50",
        " Context:           default",
        "",
        "Server: berth engine",
        " Engine:",
        "  Version:          0.1.0",
        "  API version:      1.50 (minimum version 1.24)",
        "  Git commit:       c1ddcd0",
        "  Built:            Wed Feb 26 10:41:12 2025",
        "  OS/Arch:          linux/386",
        "  Experimental:     false",
        " runc:",
        "  Version:          1.2.4",
        "  GitCommit:        v1.2.4-0-g6c52b3f",
        " v86:",
        "  Version:          0.5.462",
        "",
      ].join("\n"),
    );
  });

  it("prints only the Client section when the daemon did not answer", () => {
    expect(formatVersion(client, undefined)).toBe(
      "Client: berth\n Version:           0.1.0\n API version:       1.50\n Context:           default\n",
    );
  });

  it("describes the Engine from the top-level fields when no component names it", () => {
    const text = formatVersion(client, { ...server, Platform: { Name: "" }, GoVersion: "go1.23.6", Components: [] });
    expect(text.split("\n").slice(5)).toEqual([
      "Server:",
      " Engine:",
      "  Version:          0.1.0",
      "  API version:      1.50 (minimum version 1.24)",
      "  Go version:       go1.23.6",
      "  Git commit:       c1ddcd0",
      "  Built:            Wed Feb 26 10:41:12 2025",
      "  OS/Arch:          linux/386",
      "  Experimental:     false",
      "",
    ]);
  });

  it.each<[string, string]>([
    ["2024-07-04T09:05:00Z", "Thu Jul  4 09:05:00 2024"],
    ["2025-12-31T23:59:59.5-08:00", "Wed Dec 31 23:59:59 2025"],
    ["yesterday", "yesterday"],
  ])("shows build time %s as %s", (buildTime, shown) => {
    const text = formatVersion(client, { ...server, Components: [], BuildTime: buildTime });
    expect(text).toContain(`  Built:            ${shown}\n`);
  });
});
